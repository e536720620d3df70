"""The capacity lead's reports and the gap map: aggregates only, never a person's details.

- `filters`: the one filter every report and the gap map share (period, team, group of people...);
- `groups`: the groups of people a report narrows to or breaks its figures down by;
- `commissioning`: actions, the referral funnel, wheel change and listing health;
- `outcomes`: which services move outcomes, and how outcomes differ between groups;
- `intake`: referrals into the service and contacts; `plan_reviews`: reviews held on time;
- `gaps`: the gap map, support reaching each neighbourhood against the need found there;
- `tables`: every report's figures as tables, for the page and (`csv_export`) the download;
- `charts`: the bar and funnel charts shown beside the tables;
- `views`: the pages and downloads (blueprints `reports` and `provider_outcomes`).
"""
