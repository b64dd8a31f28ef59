"""Types that real public AWS and GCP GenAI estates use and the catalog lacked, each drawn as a
generic "no catalog entry" node before: GoogleCloudPlatform/terraform-genai-rag (Cloud SQL database
and user, an ID token minted for the Cloud Run service), GoogleCloudPlatform/terraform-genai-knowledge-base
(Eventarc from a bucket to a function, Firestore, Document AI), RichardSilveira/genai-bedrock-intelligent-assistant
(CloudFront managed policies, WAF logging, Lambda provisioned concurrency, awscc guardrail versions).
Each configuration is fresh, minimal code with the same construct.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from infra2arch.annotate.model import CostStatus
from infra2arch.annotate.pipeline import annotate
from infra2arch.graph import build_graph
from infra2arch.model import Relation
from infra2arch.views import ViewOptions, build_view
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider


def scan(root: Path, text: str):
    (root / "main.tf").write_text(textwrap.dedent(text).lstrip("\n"))
    graph = build_graph(TerraformProvider().scan(str(root), TerraformOptions(use_cache=False, environment={})))
    return graph, annotate(graph)


def no_catalog_gaps(graph) -> list[str]:
    return [g.message for g in graph.gaps if g.kind == "no-catalog-entry"]


def edge(graph, src: str, dst: str) -> Relation | None:
    found = [e.relation for e in graph.edges if e.src == src and e.dst == dst and e.relation != Relation.DEPENDS]
    return found[0] if found else None


def drawn(graph, annotations) -> set[str]:
    view = build_view(graph, ViewOptions(name="engineering"), annotations)
    return {member for node in view.nodes for member in node.members}


def test_cloud_sql_databases_and_users_fold_into_their_instance_and_tokens_are_helpers(tmp_path):
    graph, annotations = scan(tmp_path, """
        resource "google_sql_database_instance" "main" {
          name             = "rag-db"
          database_version = "POSTGRES_15"
          region           = "us-central1"
          settings {
            tier = "db-custom-1-3840"
            ip_configuration {
              ipv4_enabled = false
              psc_config {
                psc_enabled = true
              }
            }
          }
        }
        resource "google_sql_database" "app" {
          name     = "assistant"
          instance = google_sql_database_instance.main.name
        }
        resource "google_sql_user" "service" {
          name     = "retrieval-service"
          instance = google_sql_database_instance.main.name
          type     = "BUILT_IN"
        }
        resource "google_cloud_run_v2_service" "retrieval" {
          name     = "retrieval"
          location = "us-central1"
          template {
            containers {
              image = "us-docker.pkg.dev/cloudrun/container/hello"
            }
          }
        }
        data "google_service_account_id_token" "oidc" {
          target_audience = google_cloud_run_v2_service.retrieval.uri
        }
    """)
    assert no_catalog_gaps(graph) == []
    assert graph.folded["google_sql_database.app"] == "google_sql_database_instance.main"
    assert graph.folded["google_sql_user.service"] == "google_sql_database_instance.main"
    nodes = drawn(graph, annotations)
    assert "data.google_service_account_id_token.oidc" not in nodes   # a token for a call, not infrastructure
    assert {"google_sql_database_instance.main", "google_cloud_run_v2_service.retrieval"} <= nodes
    assert "google_sql_database.app" not in annotations.costs   # configuration of the priced instance


def test_eventarc_routes_a_bucket_upload_to_a_function_that_uses_firestore_and_document_ai(tmp_path):
    graph, annotations = scan(tmp_path, """
        resource "google_storage_bucket" "docs" {
          name     = "kb-docs"
          location = "US"
        }
        resource "google_service_account" "trigger" {
          account_id = "kb-trigger"
        }
        resource "google_firestore_database" "main" {
          name        = "kb"
          location_id = "nam5"
          type        = "FIRESTORE_NATIVE"
        }
        resource "google_document_ai_processor" "ocr" {
          location     = "us"
          display_name = "kb-ocr"
          type         = "OCR_PROCESSOR"
        }
        resource "google_cloudfunctions2_function" "webhook" {
          name     = "kb-webhook"
          location = "us-central1"
          build_config {
            runtime     = "python312"
            entry_point = "on_upload"
          }
          service_config {
            ingress_settings = "ALLOW_INTERNAL_ONLY"
            environment_variables = {
              DOCAI_PROCESSOR = google_document_ai_processor.ocr.id
              DATABASE        = google_firestore_database.main.name
            }
          }
        }
        resource "google_eventarc_trigger" "upload" {
          name            = "kb-upload"
          location        = "us-central1"
          service_account = google_service_account.trigger.email
          matching_criteria {
            attribute = "type"
            value     = "google.cloud.storage.object.v1.finalized"
          }
          matching_criteria {
            attribute = "bucket"
            value     = google_storage_bucket.docs.name
          }
          destination {
            cloud_run_service {
              service = google_cloudfunctions2_function.webhook.name
              region  = "us-central1"
            }
          }
        }
    """)
    assert no_catalog_gaps(graph) == []
    trigger, function = "google_eventarc_trigger.upload", "google_cloudfunctions2_function.webhook"
    assert edge(graph, trigger, function) == Relation.INVOKES
    assert edge(graph, trigger, "google_storage_bucket.docs") == Relation.DATA
    assert edge(graph, trigger, "google_service_account.trigger") == Relation.IAM
    assert edge(graph, function, "google_firestore_database.main") == Relation.DATA
    assert edge(graph, function, "google_document_ai_processor.ocr") == Relation.INVOKES
    assert {trigger, "google_firestore_database.main", "google_document_ai_processor.ocr"} <= drawn(graph, annotations)
    assert annotations.zones["google_firestore_database.main"].zone.value == "data"


def test_cloudfront_policies_waf_logging_provisioned_concurrency_and_guardrail_versions(tmp_path):
    graph, annotations = scan(tmp_path, """
        data "aws_cloudfront_cache_policy" "disabled" {
          name = "Managed-CachingDisabled"
        }
        data "aws_cloudfront_origin_request_policy" "viewer" {
          name = "Managed-AllViewerExceptHostHeader"
        }
        resource "aws_cloudwatch_log_group" "waf" {
          name = "aws-waf-logs-assistant"
        }
        resource "aws_wafv2_web_acl" "app" {
          name  = "assistant"
          scope = "CLOUDFRONT"
          default_action {
            allow {}
          }
          visibility_config {
            cloudwatch_metrics_enabled = true
            metric_name                = "assistant"
            sampled_requests_enabled   = true
          }
        }
        resource "aws_wafv2_web_acl_logging_configuration" "app" {
          log_destination_configs = [aws_cloudwatch_log_group.waf.arn]
          resource_arn            = aws_wafv2_web_acl.app.arn
        }
        resource "aws_cloudfront_distribution" "api" {
          enabled    = true
          web_acl_id = aws_wafv2_web_acl.app.arn
          origin {
            domain_name = "abc123.execute-api.us-east-1.amazonaws.com"
            origin_id   = "api"
          }
          default_cache_behavior {
            target_origin_id         = "api"
            viewer_protocol_policy   = "https-only"
            allowed_methods          = ["GET", "HEAD"]
            cached_methods           = ["GET", "HEAD"]
            cache_policy_id          = data.aws_cloudfront_cache_policy.disabled.id
            origin_request_policy_id = data.aws_cloudfront_origin_request_policy.viewer.id
          }
          restrictions {
            geo_restriction {
              restriction_type = "none"
            }
          }
          viewer_certificate {
            cloudfront_default_certificate = true
          }
        }
        resource "aws_iam_role" "fn" {
          name               = "agent-entrypoint"
          assume_role_policy = "{}"
        }
        resource "aws_lambda_function" "entry" {
          function_name = "agent-entrypoint"
          role          = aws_iam_role.fn.arn
          runtime       = "python3.12"
          handler       = "index.handler"
          filename      = "entry.zip"
          memory_size   = 512
          architectures = ["arm64"]
        }
        resource "aws_lambda_alias" "live" {
          name             = "live"
          function_name    = aws_lambda_function.entry.function_name
          function_version = "1"
        }
        resource "aws_lambda_provisioned_concurrency_config" "entry" {
          function_name                     = aws_lambda_function.entry.function_name
          qualifier                         = aws_lambda_alias.live.name
          provisioned_concurrent_executions = 2
        }
        resource "awscc_bedrock_guardrail" "main" {
          name                      = "assistant"
          blocked_input_messaging   = "blocked"
          blocked_outputs_messaging = "blocked"
        }
        resource "awscc_bedrock_guardrail_version" "main" {
          guardrail_identifier = awscc_bedrock_guardrail.main.guardrail_id
          description          = "pinned"
        }
    """)
    assert no_catalog_gaps(graph) == []
    assert graph.folded["aws_wafv2_web_acl_logging_configuration.app"] == "aws_wafv2_web_acl.app"
    assert edge(graph, "aws_wafv2_web_acl.app", "aws_cloudwatch_log_group.waf") == Relation.LOGS
    assert graph.folded["aws_lambda_provisioned_concurrency_config.entry"] == "aws_lambda_function.entry"
    assert graph.folded["awscc_bedrock_guardrail_version.main"] == "awscc_bedrock_guardrail.main"
    nodes = drawn(graph, annotations)
    assert not {"data.aws_cloudfront_cache_policy.disabled", "data.aws_cloudfront_origin_request_policy.viewer"} & nodes
    # two warm arm64 instances of 512 MB bill all month, on the function they keep warm
    cost = annotations.costs["aws_lambda_function.entry"]
    warm = [c for c in cost.components if c.name.startswith("provisioned concurrency")]
    assert len(warm) == 1 and warm[0].quantity == 2 * 0.5 * 730 * 3600, cost.components
    assert warm[0].price_id == "aws.lambda/provisioned-concurrency-arm64@us-east-1" and warm[0].monthly > 0
    assert cost.status == CostStatus.USAGE   # requests and duration still depend on usage


def test_bedrock_knowledge_base_on_aurora_invokes_its_foundation_model(tmp_path):
    """takakuni-classmethod/genai-blog: knowledge bases on Aurora PostgreSQL (Serverless v2) whose
    embedding model comes from a data source."""
    graph, annotations = scan(tmp_path, """
        data "aws_bedrock_foundation_model" "embedding" {
          model_id = "amazon.titan-embed-text-v2:0"
        }
        data "aws_bedrock_foundation_models" "all" {}
        resource "aws_rds_cluster_parameter_group" "this" {
          name   = "vector"
          family = "aurora-postgresql16"
        }
        resource "aws_db_parameter_group" "this" {
          name   = "vector"
          family = "aurora-postgresql16"
        }
        resource "aws_rds_cluster" "vector" {
          cluster_identifier              = "kb-vector"
          engine                          = "aurora-postgresql"
          storage_encrypted               = true
          enable_http_endpoint            = true
          db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.this.name
          serverlessv2_scaling_configuration {
            min_capacity = 0.5
            max_capacity = 4
          }
        }
        resource "aws_rds_cluster_instance" "one" {
          identifier              = "kb-vector-1"
          cluster_identifier      = aws_rds_cluster.vector.id
          instance_class          = "db.serverless"
          engine                  = aws_rds_cluster.vector.engine
          db_parameter_group_name = aws_db_parameter_group.this.name
        }
        resource "aws_iam_role" "kb" {
          name               = "kb"
          assume_role_policy = "{}"
        }
        resource "aws_bedrockagent_knowledge_base" "kb" {
          name     = "kb"
          role_arn = aws_iam_role.kb.arn
          knowledge_base_configuration {
            type = "VECTOR"
            vector_knowledge_base_configuration {
              embedding_model_arn = data.aws_bedrock_foundation_model.embedding.model_arn
            }
          }
          storage_configuration {
            type = "RDS"
            rds_configuration {
              resource_arn           = aws_rds_cluster.vector.arn
              credentials_secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:kb-abc123"
              database_name          = "postgres"
              table_name             = "bedrock_integration.bedrock_kb"
              field_mapping {
                primary_key_field = "id"
                vector_field      = "embedding"
                text_field        = "chunks"
                metadata_field    = "metadata"
              }
            }
          }
        }
    """)
    assert no_catalog_gaps(graph) == []
    kb, model = "aws_bedrockagent_knowledge_base.kb", "data.aws_bedrock_foundation_model.embedding"
    assert edge(graph, kb, model) == Relation.INVOKES
    assert edge(graph, kb, "aws_rds_cluster.vector") == Relation.DATA
    assert graph.folded["aws_rds_cluster_instance.one"] == "aws_rds_cluster.vector"
    nodes = drawn(graph, annotations)
    assert model in nodes and "data.aws_bedrock_foundation_models.all" not in nodes
    assert not {"aws_rds_cluster_parameter_group.this", "aws_db_parameter_group.this"} & nodes
    # the Serverless v2 floor bills all month: 0.5 ACU x 730 h; storage depends on usage
    cost = annotations.costs["aws_rds_cluster.vector"]
    capacity = [c for c in cost.components if c.name.startswith("Serverless v2 capacity")]
    assert capacity and capacity[0].quantity == 0.5 * 730 and capacity[0].monthly > 0, cost.components
    assert any(c.name == "cluster storage" and c.monthly is None for c in cost.components)


def test_hyperpod_on_eks_with_access_entries_addons_and_lustre_repository(tmp_path):
    """takakuni-classmethod/genai-blog: SageMaker HyperPod (awscc) orchestrated by EKS, with access
    entries, managed add-ons and an FSx for Lustre file system linked to S3."""
    graph, annotations = scan(tmp_path, """
        resource "aws_vpc" "main" {
          cidr_block = "10.1.0.0/16"
        }
        resource "aws_subnet" "private" {
          vpc_id     = aws_vpc.main.id
          cidr_block = "10.1.1.0/24"
        }
        resource "aws_security_group" "cluster" {
          vpc_id = aws_vpc.main.id
        }
        resource "aws_iam_role" "eks" {
          name               = "eks"
          assume_role_policy = "{}"
        }
        resource "aws_iam_role" "hyperpod" {
          name               = "hyperpod"
          assume_role_policy = "{}"
        }
        resource "aws_eks_cluster" "this" {
          name     = "hyperpod"
          role_arn = aws_iam_role.eks.arn
          vpc_config {
            subnet_ids = [aws_subnet.private.id]
          }
        }
        resource "aws_eks_access_entry" "hyperpod" {
          cluster_name  = aws_eks_cluster.this.name
          principal_arn = aws_iam_role.hyperpod.arn
        }
        resource "aws_eks_access_policy_association" "hyperpod" {
          cluster_name  = aws_eks_cluster.this.name
          principal_arn = aws_iam_role.hyperpod.arn
          policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope {
            type = "cluster"
          }
        }
        resource "aws_eks_addon" "vpc_cni" {
          cluster_name = aws_eks_cluster.this.name
          addon_name   = "vpc-cni"
        }
        data "aws_eks_cluster_auth" "this" {
          name = aws_eks_cluster.this.name
        }
        resource "aws_s3_bucket" "data" {
          bucket = "hyperpod-training-data"
        }
        resource "aws_fsx_lustre_file_system" "scratch" {
          storage_capacity            = 1200
          subnet_ids                  = [aws_subnet.private.id]
          deployment_type             = "PERSISTENT_2"
          per_unit_storage_throughput = 125
        }
        resource "aws_fsx_data_repository_association" "data" {
          file_system_id       = aws_fsx_lustre_file_system.scratch.id
          data_repository_path = "s3://${aws_s3_bucket.data.id}/datasets"
          file_system_path     = "/datasets"
        }
        resource "awscc_sagemaker_cluster" "this" {
          cluster_name = "hyperpod"
          instance_groups = [{
            execution_role      = aws_iam_role.hyperpod.arn
            instance_count      = 2
            instance_group_name = "workers"
            instance_type       = "ml.g5.8xlarge"
            life_cycle_config = {
              source_s3_uri = "s3://${aws_s3_bucket.data.id}/lifecycle/"
              on_create     = "on_create.sh"
            }
          }]
          orchestrator = {
            eks = {
              cluster_arn = aws_eks_cluster.this.arn
            }
          }
          vpc_config = {
            security_group_ids = [aws_security_group.cluster.id]
            subnets            = [aws_subnet.private.id]
          }
        }
    """)
    assert no_catalog_gaps(graph) == []
    hyperpod = "awscc_sagemaker_cluster.this"
    assert "aws_subnet.private" in {c.parent for c in graph.containment if c.child == hyperpod}
    assert edge(graph, hyperpod, "aws_iam_role.hyperpod") == Relation.IAM
    assert edge(graph, hyperpod, "aws_s3_bucket.data") == Relation.DATA
    for config in ("aws_eks_access_entry.hyperpod", "aws_eks_access_policy_association.hyperpod", "aws_eks_addon.vpc_cni"):
        assert graph.folded[config] == "aws_eks_cluster.this"
    assert edge(graph, "aws_iam_role.hyperpod", "aws_eks_cluster.this") == Relation.IAM
    assert graph.folded["aws_fsx_data_repository_association.data"] == "aws_fsx_lustre_file_system.scratch"
    assert edge(graph, "aws_fsx_lustre_file_system.scratch", "aws_s3_bucket.data") == Relation.DATA
    nodes = drawn(graph, annotations)
    assert hyperpod in nodes and "data.aws_eks_cluster_auth.this" not in nodes
    assert annotations.zones[hyperpod].plane.value == "customer-network"


def test_github_actions_federate_into_a_service_account_through_a_workload_identity_pool(tmp_path):
    """osushinekotan/KaggleOps: GitHub Actions deploys Vertex AI work as a service account through a
    workload identity pool (the CI/CD identity path of most GCP ML repositories)."""
    graph, _ = scan(tmp_path, """
        resource "google_service_account" "ci" {
          account_id = "github-actions"
        }
        resource "google_iam_workload_identity_pool" "github" {
          workload_identity_pool_id = "github"
        }
        resource "google_iam_workload_identity_pool_provider" "github" {
          workload_identity_pool_id          = google_iam_workload_identity_pool.github.workload_identity_pool_id
          workload_identity_pool_provider_id = "github-oidc"
          attribute_mapping = {
            "google.subject"       = "assertion.sub"
            "attribute.repository" = "assertion.repository"
          }
          oidc {
            issuer_uri = "https://token.actions.githubusercontent.com"
          }
        }
        resource "google_service_account_iam_member" "wif" {
          service_account_id = google_service_account.ci.name
          role               = "roles/iam.workloadIdentityUser"
          member             = "principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.github.name}/attribute.repository/org/repo"
        }
    """)
    assert no_catalog_gaps(graph) == []
    assert graph.folded["google_iam_workload_identity_pool_provider.github"] == "google_iam_workload_identity_pool.github"
    # the pool's identities may impersonate the service account
    assert edge(graph, "google_iam_workload_identity_pool.github", "google_service_account.ci") == Relation.IAM


def test_vertex_endpoint_iam_folds_into_the_endpoint_as_an_iam_edge(tmp_path):
    """gcp-ai/tf-gcp-devops: a Vertex AI endpoint with its own IAM binding and member."""
    graph, _ = scan(tmp_path, """
        resource "google_service_account" "caller" {
          account_id = "scoring-client"
        }
        resource "google_vertex_ai_endpoint" "default" {
          name         = "scoring"
          display_name = "scoring"
          location     = "us-central1"
        }
        resource "google_vertex_ai_endpoint_iam_binding" "viewers" {
          location = "us-central1"
          endpoint = google_vertex_ai_endpoint.default.name
          role     = "roles/viewer"
          members  = ["serviceAccount:ops@example-project.iam.gserviceaccount.com"]
        }
        resource "google_vertex_ai_endpoint_iam_member" "caller" {
          location = "us-central1"
          endpoint = google_vertex_ai_endpoint.default.name
          role     = "roles/aiplatform.user"
          member   = google_service_account.caller.member
        }
    """)
    assert no_catalog_gaps(graph) == []
    endpoint = "google_vertex_ai_endpoint.default"
    assert graph.folded["google_vertex_ai_endpoint_iam_binding.viewers"] == endpoint
    assert graph.folded["google_vertex_ai_endpoint_iam_member.caller"] == endpoint
    assert edge(graph, "google_service_account.caller", endpoint) == Relation.IAM


def test_gcp_genai_stores_agents_and_vm_access(tmp_path):
    """AlloyDB as a RAG vector store behind Cloud Run, an Agent Builder chat app over a Vertex AI
    Search data store, a Dialogflow CX agent, and IAP tunnel access to a Workbench VM
    (GoogleCloudPlatform/terraform-google-vertex-ai workbench example, cloud-foundation-fabric)."""
    graph, annotations = scan(tmp_path, """
        resource "google_compute_network" "vpc" {
          name                    = "genai"
          auto_create_subnetworks = false
        }
        resource "google_alloydb_cluster" "rag" {
          cluster_id = "rag"
          location   = "us-central1"
          network_config {
            network = google_compute_network.vpc.id
          }
        }
        resource "google_alloydb_instance" "primary" {
          cluster       = google_alloydb_cluster.rag.name
          instance_id   = "rag-primary"
          instance_type = "PRIMARY"
          machine_config {
            cpu_count = 2
          }
        }
        resource "google_alloydb_user" "app" {
          cluster   = google_alloydb_cluster.rag.name
          user_id   = "app"
          user_type = "ALLOYDB_IAM_USER"
        }
        resource "google_cloud_run_v2_service" "api" {
          name     = "rag-api"
          location = "us-central1"
          ingress  = "INGRESS_TRAFFIC_INTERNAL_ONLY"
          template {
            containers {
              image = "us-docker.pkg.dev/cloudrun/container/hello"
              env {
                name  = "ALLOYDB_CLUSTER"
                value = google_alloydb_cluster.rag.name
              }
            }
          }
        }
        resource "google_discovery_engine_data_store" "docs" {
          location          = "global"
          data_store_id     = "docs"
          display_name      = "docs"
          industry_vertical = "GENERIC"
          content_config    = "CONTENT_REQUIRED"
          solution_types    = ["SOLUTION_TYPE_CHAT"]
        }
        resource "google_discovery_engine_chat_engine" "assistant" {
          engine_id      = "assistant"
          collection_id  = "default_collection"
          location       = "global"
          display_name   = "assistant"
          data_store_ids = [google_discovery_engine_data_store.docs.data_store_id]
          chat_engine_config {
            agent_creation_config {
              default_language_code = "en"
              time_zone             = "America/Los_Angeles"
            }
          }
        }
        resource "google_dialogflow_cx_security_settings" "redact" {
          display_name        = "redact"
          location            = "global"
          redaction_strategy  = "REDACT_WITH_SERVICE"
          redaction_scope     = "REDACT_DISK_STORAGE"
          purge_data_types    = ["DIALOGFLOW_HISTORY"]
          retention_window_days = 7
        }
        resource "google_dialogflow_cx_agent" "support" {
          display_name          = "support"
          location              = "global"
          default_language_code = "en"
          time_zone             = "America/New_York"
          security_settings     = google_dialogflow_cx_security_settings.redact.id
        }
        resource "google_service_account" "dev" {
          account_id = "data-scientist"
        }
        resource "google_workbench_instance" "nb" {
          name     = "nb"
          location = "us-central1-a"
          gce_setup {
            disable_public_ip = true
          }
        }
        resource "google_iap_tunnel_instance_iam_member" "ssh" {
          instance = google_workbench_instance.nb.name
          zone     = "us-central1-a"
          role     = "roles/iap.tunnelResourceAccessor"
          member   = google_service_account.dev.member
        }
    """)
    assert no_catalog_gaps(graph) == []
    cluster = "google_alloydb_cluster.rag"
    assert graph.folded["google_alloydb_instance.primary"] == cluster
    assert graph.folded["google_alloydb_user.app"] == cluster
    assert "google_compute_network.vpc" in {c.parent for c in graph.containment if c.child == cluster}
    assert edge(graph, "google_cloud_run_v2_service.api", cluster) == Relation.DATA
    assert annotations.zones[cluster].zone.value == "data"
    chat = "google_discovery_engine_chat_engine.assistant"
    assert edge(graph, chat, "google_discovery_engine_data_store.docs") == Relation.DATA
    nodes = drawn(graph, annotations)
    assert {chat, "google_dialogflow_cx_agent.support"} <= nodes
    assert "google_dialogflow_cx_security_settings.redact" not in nodes
    assert graph.folded["google_iap_tunnel_instance_iam_member.ssh"] == "google_workbench_instance.nb"
    assert edge(graph, "google_service_account.dev", "google_workbench_instance.nb") == Relation.IAM


def test_sagemaker_project_templates_on_service_catalog(tmp_path):
    """aws-samples/sagemaker-custom-project-templates: the Service Catalog portfolio and product a
    SageMaker project is launched from, its launch role and the role allowed to launch it."""
    graph, annotations = scan(tmp_path, """
        resource "aws_s3_bucket" "templates" {
          bucket = "mlops-project-templates"
        }
        resource "aws_iam_role" "launch" {
          name               = "sc-launch"
          assume_role_policy = "{}"
        }
        resource "aws_iam_role" "studio" {
          name               = "studio-execution"
          assume_role_policy = "{}"
        }
        resource "aws_servicecatalog_portfolio" "mlops" {
          name          = "mlops"
          provider_name = "platform team"
        }
        resource "aws_servicecatalog_product" "pipeline" {
          name  = "mlops-pipeline"
          owner = "platform team"
          type  = "CLOUD_FORMATION_TEMPLATE"
          provisioning_artifact_parameters {
            template_url = "https://${aws_s3_bucket.templates.id}.s3.us-east-1.amazonaws.com/project.yaml"
            type         = "CLOUD_FORMATION_TEMPLATE"
          }
        }
        resource "aws_servicecatalog_product_portfolio_association" "pipeline" {
          portfolio_id = aws_servicecatalog_portfolio.mlops.id
          product_id   = aws_servicecatalog_product.pipeline.id
        }
        resource "aws_servicecatalog_constraint" "launch" {
          portfolio_id = aws_servicecatalog_portfolio.mlops.id
          product_id   = aws_servicecatalog_product.pipeline.id
          type         = "LAUNCH"
          parameters   = jsonencode({ RoleArn = aws_iam_role.launch.arn })
        }
        resource "aws_servicecatalog_principal_portfolio_association" "studio" {
          portfolio_id  = aws_servicecatalog_portfolio.mlops.id
          principal_arn = aws_iam_role.studio.arn
        }
        resource "aws_servicecatalog_tag_option" "visibility" {
          key   = "sagemaker:studio-visibility"
          value = "true"
        }
    """)
    assert no_catalog_gaps(graph) == []
    portfolio, product = "aws_servicecatalog_portfolio.mlops", "aws_servicecatalog_product.pipeline"
    for config in ("aws_servicecatalog_product_portfolio_association.pipeline", "aws_servicecatalog_constraint.launch",
                   "aws_servicecatalog_principal_portfolio_association.studio"):
        assert graph.folded[config] == portfolio
    assert edge(graph, portfolio, "aws_iam_role.launch") == Relation.IAM        # products launch as this role
    assert edge(graph, "aws_iam_role.studio", portfolio) == Relation.IAM        # who may launch them
    assert edge(graph, product, "aws_s3_bucket.templates") == Relation.DATA     # the template it deploys
    assert "aws_servicecatalog_tag_option.visibility" not in drawn(graph, annotations)


def test_an_apply_time_lambda_invocation_folds_into_its_function(tmp_path):
    """sagemaker-custom-project-templates seeds a repository by invoking a Lambda at apply time."""
    graph, annotations = scan(tmp_path, """
        resource "aws_iam_role" "fn" {
          name               = "seed"
          assume_role_policy = "{}"
        }
        resource "aws_codebuild_project" "seed" {
          name         = "seed-code"
          service_role = aws_iam_role.fn.arn
          artifacts {
            type = "NO_ARTIFACTS"
          }
          environment {
            compute_type = "BUILD_GENERAL1_SMALL"
            image        = "aws/codebuild/standard:7.0"
            type         = "LINUX_CONTAINER"
          }
          source {
            type      = "NO_SOURCE"
            buildspec = "version: 0.2"
          }
        }
        resource "aws_lambda_function" "trigger" {
          function_name = "seed-trigger"
          role          = aws_iam_role.fn.arn
          runtime       = "python3.12"
          handler       = "app.handler"
          filename      = "trigger.zip"
        }
        resource "aws_lambda_invocation" "seed" {
          function_name = aws_lambda_function.trigger.function_name
          input         = jsonencode({ project = aws_codebuild_project.seed.name })
        }
    """)
    assert no_catalog_gaps(graph) == []
    assert graph.folded["aws_lambda_invocation.seed"] == "aws_lambda_function.trigger"
    assert not [c for c in annotations.crossings if c.src == "aws_lambda_invocation.seed"]
