"""Network indicators: the vendor's dashboard, satisfaction, the retraining signal by module and
each cooperative's indicators in the portal (see ARCHITECTURE.md)."""
