-- Root of the tenant pipeline graph. Its WHEN (any RAW stream has data) decides whether the graph
-- runs at all; the body only marks the start, so a skipped check costs no compute.
SELECT CURRENT_TIMESTAMP() AS PIPELINE_STARTED_AT
