"""infra2arch adapter for live Azure subscriptions (the Azure SDK is imported only inside the scan)."""
