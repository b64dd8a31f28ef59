"""One module per AWS service: ``get_*`` call AWS through a Scope, ``to_terraform_*`` are pure."""
