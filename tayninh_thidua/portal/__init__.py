"""The site layer, on top of every app: home, news, feedback, accounts, the reminder planner, demo data, the API."""
