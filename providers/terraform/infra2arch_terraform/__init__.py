"""infra2arch adapter for Terraform: read HCL directories offline into the resource graph."""
