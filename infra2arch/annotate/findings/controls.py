"""Compliance mappings as data: rule families -> control ids per framework, and rule id -> families.

A rule evidences the controls of every family it belongs to (merged, in this order). Control ids:

- SOC 2: Trust Services Criteria (2017, revised points of focus 2022), common criteria CCx.y and A1.x.
- ISO 27001:2022: ISO/IEC 27001:2022 Annex A controls (5.x organisational, 8.x technological).
- PCI DSS 4.0: requirement numbers of PCI DSS v4.0 / v4.0.1.
- HIPAA: Security Rule sections of 45 CFR Part 164 (164.308 administrative, 164.312 technical safeguards).
- NIST AI RMF: AI RMF 1.0 (NIST AI 100-1) subcategories (GOVERN, MAP, MEASURE, MANAGE).
- EU AI Act: Regulation (EU) 2024/1689 articles and Annex IV (technical documentation) points.

Edit this file to change what a rule evidences; a test checks that every rule has a mapping.
"""

from __future__ import annotations

from typing import Mapping

FRAMEWORKS: tuple[str, ...] = ("SOC 2", "ISO 27001:2022", "PCI DSS 4.0", "HIPAA", "NIST AI RMF", "EU AI Act")

Family = Mapping[str, tuple[str, ...]]

# ------------------------------------------------------------------------------------ families

NETWORK_EXPOSURE: Family = {  # reachable from the internet: open ports, public endpoints, public IPs
    "SOC 2": ("CC6.1", "CC6.6"),
    "ISO 27001:2022": ("8.20", "8.21", "5.23"),
    "PCI DSS 4.0": ("1.2.1", "1.3.1", "1.4.1"),
    "HIPAA": ("164.312(a)(1)", "164.312(e)(1)"),
    "NIST AI RMF": ("MEASURE 2.7",),
    "EU AI Act": ("Art. 15(5)", "Annex IV 2(h)"),
}

SEGMENTATION: Family = {  # placement in private networks; data not reachable from the edge directly
    "SOC 2": ("CC6.6",),
    "ISO 27001:2022": ("8.22", "8.20"),
    "PCI DSS 4.0": ("1.3.1", "1.4.1", "1.4.4"),
    "HIPAA": ("164.312(a)(1)", "164.312(e)(1)"),
    "NIST AI RMF": ("MEASURE 2.7",),
    "EU AI Act": ("Art. 15(5)", "Annex IV 2(h)"),
}

THIRD_PARTY_PLANE: Family = {  # runs in the provider's network, outside the customer's controls
    "SOC 2": ("CC9.2",),
    "ISO 27001:2022": ("5.23", "5.19"),
    "PCI DSS 4.0": ("12.8.1",),
    "HIPAA": ("164.308(b)(1)",),
    "NIST AI RMF": ("MAP 4.1", "GOVERN 6.1"),
    "EU AI Act": ("Annex IV 2(c)",),
}

PUBLIC_DATA: Family = {  # stores readable by anyone
    "SOC 2": ("CC6.1", "CC6.6"),
    "ISO 27001:2022": ("5.15", "8.3", "8.12"),
    "PCI DSS 4.0": ("1.4.4", "7.2.1"),
    "HIPAA": ("164.312(a)(1)",),
    "NIST AI RMF": ("MEASURE 2.7",),
    "EU AI Act": ("Art. 15(5)", "Annex IV 2(h)"),
}

ENCRYPTION_AT_REST: Family = {  # customer-managed keys on stores and volumes
    "SOC 2": ("CC6.1",),
    "ISO 27001:2022": ("8.24",),
    "PCI DSS 4.0": ("3.5.1", "3.6.1"),
    "HIPAA": ("164.312(a)(2)(iv)",),
    "NIST AI RMF": ("MEASURE 2.7",),
    "EU AI Act": ("Art. 15(5)", "Annex IV 2(h)"),
}

ENCRYPTION_IN_TRANSIT: Family = {  # TLS versions, HTTPS only, traffic between training containers
    "SOC 2": ("CC6.7",),
    "ISO 27001:2022": ("8.24", "8.20"),
    "PCI DSS 4.0": ("4.2.1",),
    "HIPAA": ("164.312(e)(1)", "164.312(e)(2)(ii)"),
    "NIST AI RMF": ("MEASURE 2.7",),
    "EU AI Act": ("Art. 15(5)", "Annex IV 2(h)"),
}

KEY_MANAGEMENT: Family = {  # rotation and protection of the keys themselves
    "SOC 2": ("CC6.1",),
    "ISO 27001:2022": ("8.24",),
    "PCI DSS 4.0": ("3.6.1", "3.7.4"),
    "HIPAA": ("164.312(a)(2)(iv)",),
    "NIST AI RMF": ("MEASURE 2.7",),
    "EU AI Act": ("Art. 15(5)", "Annex IV 2(h)"),
}

IAM_LEAST_PRIVILEGE: Family = {  # wildcard permissions, broad managed policies, root on notebooks
    "SOC 2": ("CC6.1", "CC6.3"),
    "ISO 27001:2022": ("5.15", "5.18", "8.2"),
    "PCI DSS 4.0": ("7.2.1", "7.2.2"),
    "HIPAA": ("164.312(a)(1)", "164.308(a)(4)(ii)(B)"),
    "NIST AI RMF": ("MEASURE 2.7",),
    "EU AI Act": ("Art. 15(5)", "Annex IV 2(h)"),
}

AUTHENTICATION: Family = {  # unauthenticated routes, local/admin accounts, long-lived keys
    "SOC 2": ("CC6.1", "CC6.2"),
    "ISO 27001:2022": ("5.17", "8.5"),
    "PCI DSS 4.0": ("8.2.1", "8.3.1"),
    "HIPAA": ("164.312(d)",),
    "NIST AI RMF": ("MEASURE 2.7",),
    "EU AI Act": ("Art. 15(5)", "Annex IV 2(h)"),
}

LOGGING: Family = {  # access logs, flow logs
    "SOC 2": ("CC7.2",),
    "ISO 27001:2022": ("8.15", "8.16"),
    "PCI DSS 4.0": ("10.2.1",),
    "HIPAA": ("164.312(b)",),
    "NIST AI RMF": ("MEASURE 2.7", "MANAGE 4.1"),
    "EU AI Act": ("Art. 12", "Annex IV 2(h)"),
}

LOG_RETENTION: Family = {
    "SOC 2": ("CC7.2",),
    "ISO 27001:2022": ("8.15",),
    "PCI DSS 4.0": ("10.5.1",),
    "HIPAA": ("164.312(b)", "164.316(b)(2)(i)"),
    "NIST AI RMF": ("MANAGE 4.1",),
    "EU AI Act": ("Art. 12", "Art. 19"),
}

ML_MONITORING: Family = {  # inference data capture, model monitoring
    "SOC 2": ("CC7.2",),
    "ISO 27001:2022": ("8.16",),
    "PCI DSS 4.0": ("10.2.1",),
    "HIPAA": ("164.312(b)",),
    "NIST AI RMF": ("MEASURE 2.4", "MANAGE 4.1"),
    "EU AI Act": ("Art. 12", "Art. 72"),
}

VULNERABILITY_MANAGEMENT: Family = {  # image scanning
    "SOC 2": ("CC7.1",),
    "ISO 27001:2022": ("8.8",),
    "PCI DSS 4.0": ("6.3.1", "11.3.1"),
    "HIPAA": ("164.308(a)(1)(ii)(B)",),
    "NIST AI RMF": ("MEASURE 2.7", "MAP 4.1"),
    "EU AI Act": ("Art. 15(5)", "Annex IV 2(h)"),
}

CHANGE_INTEGRITY: Family = {  # immutable artefacts, versions that cannot be overwritten
    "SOC 2": ("CC8.1",),
    "ISO 27001:2022": ("8.32", "8.9"),
    "PCI DSS 4.0": ("6.5.1",),
    "HIPAA": ("164.312(c)(1)",),
    "NIST AI RMF": ("MEASURE 2.7",),
    "EU AI Act": ("Art. 15(5)", "Annex IV 6"),
}

DATA_RESILIENCE: Family = {  # versioning, soft delete / purge protection
    "SOC 2": ("A1.2",),
    "ISO 27001:2022": ("8.13",),
    "PCI DSS 4.0": (),
    "HIPAA": ("164.308(a)(7)(ii)(A)", "164.312(c)(1)"),
    "NIST AI RMF": ("MANAGE 2.3",),
    "EU AI Act": ("Art. 15(4)",),
}

SECURE_CONFIGURATION: Family = {  # hardened VM settings: secure boot, integrity monitoring, HBI
    "SOC 2": ("CC6.8", "CC7.1"),
    "ISO 27001:2022": ("8.9",),
    "PCI DSS 4.0": ("2.2.1",),
    "HIPAA": ("164.312(c)(1)",),
    "NIST AI RMF": ("MEASURE 2.7",),
    "EU AI Act": ("Art. 15(5)", "Annex IV 2(h)"),
}

ML_INVENTORY: Family = {  # models versioned in a registry
    "SOC 2": ("CC8.1",),
    "ISO 27001:2022": ("5.9", "8.32"),
    "PCI DSS 4.0": ("12.5.1",),
    "HIPAA": ("164.308(a)(1)(ii)(A)",),
    "NIST AI RMF": ("GOVERN 1.6", "MAP 1.1"),
    "EU AI Act": ("Annex IV 1(c)", "Annex IV 6"),
}

# ------------------------------------------------------------------------------ rule -> families

RULE_FAMILIES: Mapping[str, tuple[Family, ...]] = {
    # AWS SageMaker
    "I2A-AWS-001": (NETWORK_EXPOSURE, THIRD_PARTY_PLANE),     # notebook direct internet access
    "I2A-AWS-002": (IAM_LEAST_PRIVILEGE,),                    # notebook root access
    "I2A-AWS-003": (ENCRYPTION_AT_REST,),                     # notebook KMS
    "I2A-AWS-004": (SEGMENTATION, THIRD_PARTY_PLANE),         # notebook in a subnet
    "I2A-AWS-005": (ENCRYPTION_AT_REST,),                     # endpoint configuration KMS
    "I2A-AWS-006": (ML_MONITORING,),                          # endpoint data capture
    "I2A-AWS-007": (NETWORK_EXPOSURE,),                       # model network isolation
    "I2A-AWS-008": (SEGMENTATION, THIRD_PARTY_PLANE),         # model VPC config
    "I2A-AWS-009": (NETWORK_EXPOSURE, SEGMENTATION),          # domain VpcOnly
    "I2A-AWS-010": (ENCRYPTION_AT_REST,),                     # domain KMS
    "I2A-AWS-011": (ENCRYPTION_AT_REST,),                     # feature group online store KMS
    "I2A-AWS-012": (ENCRYPTION_AT_REST,),                     # feature group offline store KMS
    "I2A-AWS-013": (SEGMENTATION, THIRD_PARTY_PLANE),         # training/processing job in a VPC
    "I2A-AWS-014": (NETWORK_EXPOSURE,),                       # job network isolation
    "I2A-AWS-015": (ENCRYPTION_IN_TRANSIT,),                  # job inter-container encryption
    "I2A-AWS-016": (ENCRYPTION_AT_REST,),                     # job output KMS
    "I2A-AWS-017": (ML_INVENTORY,),                           # model registry in use
    # AWS data
    "I2A-AWS-018": (PUBLIC_DATA,),                            # S3 public access block
    "I2A-AWS-019": (ENCRYPTION_AT_REST,),                     # S3 SSE with a customer key
    "I2A-AWS-020": (DATA_RESILIENCE, CHANGE_INTEGRITY),       # S3 versioning
    "I2A-AWS-021": (PUBLIC_DATA,),                            # S3 policy Principal "*"
    "I2A-AWS-022": (VULNERABILITY_MANAGEMENT,),               # ECR scan on push
    "I2A-AWS-023": (CHANGE_INTEGRITY,),                       # ECR immutable tags
    "I2A-AWS-024": (ENCRYPTION_AT_REST,),                     # ECR KMS
    "I2A-AWS-025": (ENCRYPTION_AT_REST, LOGGING),             # log group KMS
    "I2A-AWS-026": (LOG_RETENTION,),                          # log group retention
    # AWS network
    "I2A-AWS-027": (NETWORK_EXPOSURE,),                       # SG ingress from anywhere
    "I2A-AWS-028": (NETWORK_EXPOSURE, SEGMENTATION),          # default SG restricts all
    "I2A-AWS-029": (NETWORK_EXPOSURE,),                       # subnet public IP on launch
    "I2A-AWS-030": (LOGGING,),                                # VPC flow logs
    "I2A-AWS-031": (LOGGING,),                                # API stage access logging
    "I2A-AWS-032": (AUTHENTICATION, NETWORK_EXPOSURE),        # API route without authorization
    "I2A-AWS-033": (SEGMENTATION,),                           # Lambda in a VPC
    "I2A-AWS-034": (ENCRYPTION_AT_REST,),                     # Lambda environment KMS
    "I2A-AWS-035": (NETWORK_EXPOSURE,),                       # internet-facing LB without WAF
    # AWS IAM and keys
    "I2A-AWS-036": (IAM_LEAST_PRIVILEGE,),                    # wildcard actions on "*"
    "I2A-AWS-037": (IAM_LEAST_PRIVILEGE,),                    # broad AWS managed policy on ML role
    "I2A-AWS-038": (KEY_MANAGEMENT,),                         # KMS rotation
    "I2A-AWS-039": (VULNERABILITY_MANAGEMENT, SECURE_CONFIGURATION),  # Lambda deprecated runtime
    "I2A-AWS-040": (NETWORK_EXPOSURE,),                       # OpenSearch Serverless AllowFromPublic
    "I2A-AWS-041": (NETWORK_EXPOSURE,),                       # App Runner public ingress
    "I2A-AWS-042": (ENCRYPTION_AT_REST,),                     # App Runner customer KMS key
    # GCP
    "I2A-GCP-001": (ENCRYPTION_AT_REST,),                     # Vertex CMEK
    "I2A-GCP-002": (NETWORK_EXPOSURE, THIRD_PARTY_PLANE),     # Vertex endpoint public
    "I2A-GCP-003": (NETWORK_EXPOSURE,),                       # Workbench public IP
    "I2A-GCP-004": (IAM_LEAST_PRIVILEGE,),                    # Workbench root access
    "I2A-GCP-005": (SECURE_CONFIGURATION,),                   # Workbench integrity monitoring
    "I2A-GCP-006": (SECURE_CONFIGURATION,),                   # Workbench secure boot
    "I2A-GCP-007": (NETWORK_EXPOSURE,),                       # notebooks instance public IP
    "I2A-GCP-008": (NETWORK_EXPOSURE, AUTHENTICATION),        # notebooks instance proxy access
    "I2A-GCP-009": (IAM_LEAST_PRIVILEGE,),                    # GCS uniform bucket-level access
    "I2A-GCP-010": (PUBLIC_DATA,),                            # GCS public
    "I2A-GCP-011": (ENCRYPTION_AT_REST,),                     # GCS CMEK
    "I2A-GCP-012": (NETWORK_EXPOSURE,),                       # firewall from anywhere
    "I2A-GCP-013": (ENCRYPTION_AT_REST,),                     # BigQuery CMEK
    "I2A-GCP-014": (AUTHENTICATION, KEY_MANAGEMENT),          # service account keys
    "I2A-GCP-015": (IAM_LEAST_PRIVILEGE,),                    # primitive roles
    "I2A-GCP-016": (NETWORK_EXPOSURE,),                       # Vertex index endpoint public
    "I2A-GCP-017": (VULNERABILITY_MANAGEMENT, SECURE_CONFIGURATION),  # Cloud Function deprecated runtime
    "I2A-GCP-018": (NETWORK_EXPOSURE, AUTHENTICATION),        # Workbench instance proxy access
    # Azure
    "I2A-AZ-001": (NETWORK_EXPOSURE,),                        # ML workspace public network access
    "I2A-AZ-002": (ENCRYPTION_AT_REST, SECURE_CONFIGURATION),  # ML workspace HBI
    "I2A-AZ-003": (ENCRYPTION_AT_REST,),                      # ML workspace CMK
    "I2A-AZ-004": (SEGMENTATION,),                            # ML workspace image build compute
    "I2A-AZ-005": (NETWORK_EXPOSURE,),                        # compute instance public IP
    "I2A-AZ-006": (AUTHENTICATION,),                          # compute instance local auth
    "I2A-AZ-007": (SEGMENTATION, THIRD_PARTY_PLANE),          # compute in a subnet
    "I2A-AZ-008": (NETWORK_EXPOSURE,),                        # compute cluster public IP
    "I2A-AZ-009": (AUTHENTICATION,),                          # compute cluster local auth
    "I2A-AZ-010": (NETWORK_EXPOSURE,),                        # storage public network access
    "I2A-AZ-011": (PUBLIC_DATA,),                             # storage nested items public
    "I2A-AZ-012": (ENCRYPTION_IN_TRANSIT,),                   # storage min TLS
    "I2A-AZ-013": (ENCRYPTION_IN_TRANSIT,),                   # storage HTTPS only
    "I2A-AZ-014": (KEY_MANAGEMENT, DATA_RESILIENCE),          # key vault purge protection
    "I2A-AZ-015": (NETWORK_EXPOSURE,),                        # key vault network access
    "I2A-AZ-016": (AUTHENTICATION,),                          # ACR admin user
    "I2A-AZ-017": (NETWORK_EXPOSURE,),                        # ACR public network access
    "I2A-AZ-018": (NETWORK_EXPOSURE,),                        # NSG inbound from the internet
    "I2A-AZ-019": (VULNERABILITY_MANAGEMENT, SECURE_CONFIGURATION),  # function app unsupported language
    "I2A-AZ-020": (AUTHENTICATION,),                          # Azure OpenAI / AI Services API keys
    "I2A-AZ-021": (ENCRYPTION_AT_REST,),                      # Azure OpenAI / AI Services CMK
    "I2A-AZ-022": (AUTHENTICATION,),                          # AI Search API keys
    "I2A-AZ-023": (NETWORK_EXPOSURE,),                        # AI Search public network access
    "I2A-AZ-024": (NETWORK_EXPOSURE, AUTHENTICATION),        # App Service SCM (Kudu) site open
    # cross-cloud
    "I2A-NET-001": (SEGMENTATION,),                           # missing segmentation
    "I2A-NET-002": (SEGMENTATION, THIRD_PARTY_PLANE),         # ML compute public / provider plane
    "I2A-NET-003": (NETWORK_EXPOSURE,),                       # internet-reachable ML endpoint
}


def controls_for(rule_id: str) -> dict[str, tuple[str, ...]]:
    """framework -> control ids (every framework present, merged over the rule's families)."""
    families = RULE_FAMILIES.get(rule_id)
    if families is None:
        raise KeyError(f"no compliance mapping for rule {rule_id} in controls.RULE_FAMILIES")
    merged: dict[str, tuple[str, ...]] = {}
    for framework in FRAMEWORKS:
        ids: list[str] = []
        for family in families:
            for control in family.get(framework, ()):
                if control not in ids:
                    ids.append(control)
        merged[framework] = tuple(ids)
    return merged
