"""Catalog records for Google conversational agents: Vertex AI Agent Builder chat engines over
Vertex AI Search data stores, and Dialogflow CX agents with their security settings.

They are served by Google (provider-managed plane) and reached through Google APIs; a chat engine
reads its data stores, a Dialogflow agent names the security settings (redaction, retention) and
the Dialogflow agent a chat engine was built on.
"""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

_DIALOGFLOW = "diagrams.gcp.ml.DialogFlowEnterpriseEdition"

KINDS: tuple[Kind, ...] = (
    Kind(
        "google_discovery_engine_chat_engine",  # an Agent Builder chat app grounded on data stores
        Category.ML_ENDPOINT,
        label="Vertex AI Agent Builder chat app",
        icon=_DIALOGFLOW,
        refs={"data_store_ids": Relation.DATA, "chat_engine_config.dialogflow_agent_to_link": Relation.INVOKES},
        target_relation=Relation.INVOKES,
        name_attr="engine_id",
        live=("discoveryengine:chatEngines",),
    ),
    Kind(
        "google_dialogflow_cx_agent",
        Category.ML_ENDPOINT,
        label="Dialogflow CX agent",
        icon=_DIALOGFLOW,
        refs={"security_settings": Relation.DEPENDS,
              "advanced_settings.audio_export_gcs_destination.uri": Relation.DATA},
        target_relation=Relation.INVOKES,
        name_attr="display_name",
        live=("dialogflow:agents",),
    ),
    Kind(
        # redaction, retention and audio export of the conversations of the agents that name it
        "google_dialogflow_cx_security_settings",
        Category.ML_CONFIG,
        label="Dialogflow CX security settings",
        shape=Shape.HIDDEN,
        refs={"inspect_template": Relation.DEPENDS, "deidentify_template": Relation.DEPENDS,
              "audio_export_settings.gcs_bucket": Relation.DATA},
        name_attr="display_name",
        free=True,
    ),
)
