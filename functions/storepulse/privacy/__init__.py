"""Erasure and export of a user's personal data (`export_my_data`, `export_user_data`,
`delete_my_account`, `delete_user_data`): it reads every capability's records of one user, so it sits
just below the endpoints (pyproject.toml, the layers contract)."""
