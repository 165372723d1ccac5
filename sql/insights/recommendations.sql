-- MARTS.RECOMMENDATIONS refresh: every location's last 4 weeks (the 28 days to the as-of day of
-- MARTS.V_DATA_SPAN, four of each weekday) held against the rules below. The rules are data:
-- each names its measure, target, which side of it triggers, how much data it needs before it
-- judges, the typical range practices publish (shared/docs/domain.md) and the action to take.
-- A rule's opportunity is what meeting its target would have been worth over those 4 weeks: the
-- gap to the target (in the numerator's units) x what one unit is worth at the location's prices:
--   OPTICAL_CAPTURE       an eyewear order: the average eyewear sale (per complete pair)
--   NO_SHOW_RATE          a no-show: net revenue per comprehensive exam
--   SCHEDULE_UTILISATION  a doctor minute: net revenue per comprehensive exam / minutes per booked visit
--   EXAMS_PER_OD_DAY      a comprehensive exam: net revenue per comprehensive exam
--   CL_ANNUAL_SUPPLY, UNUSUAL_DAYS: no dollar value (a share of orders; a signal to look at)
-- Claim denials are not a rule: claims of the last 4 weeks are still pending, so their denial rate
-- reads low until they are adjudicated.
-- Recomputed in full each run (one row per location and rule) and merged change-only (see
-- dim_location.sql): a re-run writes nothing, and a rule that stops applying turns TRIGGERED off.
-- A tenant may set its own target for a rule (STAGING.RECOMMENDATION_TARGETS, from its config);
-- the targets below apply where it has not, and TARGET_SOURCE says which one a row holds.
-- depends on: MARTS.KPI_LOCATION_DAILY, MARTS.KPI_ANOMALY_DAILY, MARTS.V_DATA_SPAN, STAGING.RECOMMENDATION_TARGETS
MERGE INTO MARTS.RECOMMENDATIONS t
USING (
  WITH platform_rules AS (
    SELECT COLUMN1 AS RULE_ID, COLUMN2 AS MEASURE, COLUMN3 AS UNIT, COLUMN4 AS TARGET, COLUMN5 AS DIRECTION, COLUMN6 AS MIN_DENOMINATOR, COLUMN7 AS TYPICAL, COLUMN8 AS ACTION
    FROM (VALUES
      ('OPTICAL_CAPTURE', 'optical capture rate', 'rate', 0.58, 'below', 20, '58-68 % at independent practices',
       'Walk every patient given a spectacle Rx from the exam lane to an optician, and call those who leave without ordering within a week.'),
      ('NO_SHOW_RATE', 'no-show rate', 'rate', 0.12, 'above', 50, '8-12 % in private practice',
       'Confirm by text 48 and 24 hours ahead, keep a short-notice list to refill the gaps, and book repeat no-shows into confirmed-only slots.'),
      ('SCHEDULE_UTILISATION', 'schedule utilisation', 'rate', 0.75, 'below', 2400, '75-90 % of bookable doctor minutes',
       'Work the recall list and the short-notice list into the open doctor slots, starting with the emptiest weekdays.'),
      ('EXAMS_PER_OD_DAY', 'comprehensive exams per OD day', 'ratio', 8, 'below', 10, '9-10 per clinic day',
       'Move pre-testing and history-taking to technicians, and book 2-3 comprehensive exams an hour.'),
      ('CL_ANNUAL_SUPPLY', 'contact lens annual-supply rate', 'rate', 0.30, 'below', 10, '30-50 % of contact lens orders',
       'Quote the annual supply first, with the manufacturer rebate and the vision-plan allowance priced in.'),
      ('UNUSUAL_DAYS', 'unusual days in the last 7 days', 'count', 0, 'above', 1, 'none: every day within its usual band',
       'Find out what happened on those days (a closure, staffing, a system or data-feed outage): ask "unusual days last week" at this location.')
    )
  ),
  rules AS (
    SELECT p.RULE_ID, p.MEASURE, p.UNIT, COALESCE(o.TARGET, p.TARGET) AS TARGET, IFF(o.TARGET IS NULL, 'platform', 'tenant') AS TARGET_SOURCE,
           p.DIRECTION, p.MIN_DENOMINATOR, p.TYPICAL, p.ACTION
    FROM platform_rules p
    LEFT JOIN STAGING.RECOMMENDATION_TARGETS o ON o.RULE_ID = p.RULE_ID
  ),
  as_of AS (
    SELECT AS_OF_DAY FROM MARTS.V_DATA_SPAN WHERE AS_OF_DAY IS NOT NULL
  ),
  recent AS (
    SELECT
      k.LOCATION_ID,
      a.AS_OF_DAY,
      SUM(k.SPECTACLE_RX_PATIENTS)        AS RX_PATIENTS,
      SUM(k.EYEWEAR_CAPTURED_PATIENTS)    AS CAPTURED_PATIENTS,
      SUM(k.EYEWEAR_REVENUE)              AS EYEWEAR_REVENUE,
      SUM(k.COMPLETE_PAIRS)               AS COMPLETE_PAIRS,
      SUM(k.APPOINTMENTS_SCHEDULED)       AS SCHEDULED,
      SUM(k.CANCELLATIONS)                AS CANCELLATIONS,
      SUM(k.NO_SHOWS)                     AS NO_SHOWS,
      SUM(k.BOOKED_MINUTES)               AS BOOKED_MINUTES,
      SUM(k.AVAILABLE_MINUTES)            AS AVAILABLE_MINUTES,
      SUM(k.NET_REVENUE)                  AS NET_REVENUE,
      SUM(k.COMPREHENSIVE_EXAMS)          AS COMPREHENSIVE_EXAMS,
      SUM(k.OD_DAYS)                      AS OD_DAYS,
      SUM(k.CL_ORDERS)                    AS CL_ORDERS,
      SUM(k.CL_ANNUAL_SUPPLY_ORDERS)      AS CL_ANNUAL_SUPPLY_ORDERS
    FROM MARTS.KPI_LOCATION_DAILY k
    JOIN as_of a ON k.DATE_DAY BETWEEN DATEADD(day, -27, a.AS_OF_DAY) AND a.AS_OF_DAY
    GROUP BY k.LOCATION_ID, a.AS_OF_DAY
  ),
  unusual AS (
    SELECT a.LOCATION_ID, COUNT(DISTINCT a.DATE_DAY) AS UNUSUAL_DAYS
    FROM MARTS.KPI_ANOMALY_DAILY a
    JOIN as_of d ON a.DATE_DAY BETWEEN DATEADD(day, -6, d.AS_OF_DAY) AND d.AS_OF_DAY
    WHERE a.IS_ANOMALY
    GROUP BY a.LOCATION_ID
  ),
  priced AS (
    SELECT
      r.*,
      COALESCE(u.UNUSUAL_DAYS, 0)                                         AS UNUSUAL_DAYS,
      r.NET_REVENUE / NULLIF(r.COMPREHENSIVE_EXAMS, 0)                    AS REVENUE_PER_EXAM,
      r.EYEWEAR_REVENUE / NULLIF(r.COMPLETE_PAIRS, 0)                     AS EYEWEAR_SALE,
      r.BOOKED_MINUTES / NULLIF(r.SCHEDULED - r.CANCELLATIONS, 0)         AS MINUTES_PER_VISIT
    FROM recent r
    LEFT JOIN unusual u ON u.LOCATION_ID = r.LOCATION_ID
  ),
  measured AS (
    SELECT LOCATION_ID, AS_OF_DAY, 'OPTICAL_CAPTURE' AS RULE_ID, CAPTURED_PATIENTS AS NUMERATOR, RX_PATIENTS AS DENOMINATOR, EYEWEAR_SALE AS UNIT_VALUE FROM priced
    UNION ALL SELECT LOCATION_ID, AS_OF_DAY, 'NO_SHOW_RATE', NO_SHOWS, SCHEDULED, REVENUE_PER_EXAM FROM priced
    UNION ALL SELECT LOCATION_ID, AS_OF_DAY, 'SCHEDULE_UTILISATION', BOOKED_MINUTES, AVAILABLE_MINUTES, REVENUE_PER_EXAM / MINUTES_PER_VISIT FROM priced
    UNION ALL SELECT LOCATION_ID, AS_OF_DAY, 'EXAMS_PER_OD_DAY', COMPREHENSIVE_EXAMS, OD_DAYS, REVENUE_PER_EXAM FROM priced
    UNION ALL SELECT LOCATION_ID, AS_OF_DAY, 'CL_ANNUAL_SUPPLY', CL_ANNUAL_SUPPLY_ORDERS, CL_ORDERS, NULL FROM priced
    UNION ALL SELECT LOCATION_ID, AS_OF_DAY, 'UNUSUAL_DAYS', UNUSUAL_DAYS, 1, NULL FROM priced
  ),
  judged AS (
    SELECT
      m.LOCATION_ID,
      m.RULE_ID,
      m.AS_OF_DAY,
      r.MEASURE,
      r.UNIT,
      m.NUMERATOR / NULLIF(m.DENOMINATOR, 0) AS VALUE,
      m.NUMERATOR,
      m.DENOMINATOR,
      r.TARGET,
      r.TARGET_SOURCE,
      r.DIRECTION,
      r.MIN_DENOMINATOR,
      r.TYPICAL,
      GREATEST(0, IFF(r.DIRECTION = 'below', r.TARGET * m.DENOMINATOR - m.NUMERATOR, m.NUMERATOR - r.TARGET * m.DENOMINATOR)) * m.UNIT_VALUE AS OPPORTUNITY_USD,
      r.ACTION,
      -- A rate over enough data on the wrong side of its target (the unusual days are a count over 1).
      COALESCE(m.DENOMINATOR >= r.MIN_DENOMINATOR
        AND IFF(r.DIRECTION = 'below', m.NUMERATOR / NULLIF(m.DENOMINATOR, 0) < r.TARGET, m.NUMERATOR / NULLIF(m.DENOMINATOR, 0) > r.TARGET), FALSE) AS TRIGGERED
    FROM measured m
    JOIN rules r ON r.RULE_ID = m.RULE_ID
  )
  SELECT
    LOCATION_ID, RULE_ID, AS_OF_DAY, MEASURE, UNIT,
    CAST(ROUND(VALUE, 4) AS NUMBER(12,4))                                        AS VALUE,
    CAST(NUMERATOR AS NUMBER(14,2))                                              AS NUMERATOR,
    CAST(DENOMINATOR AS NUMBER(14,2))                                            AS DENOMINATOR,
    CAST(TARGET AS NUMBER(12,4))                                                 AS TARGET,
    TARGET_SOURCE,
    DIRECTION,
    CAST(MIN_DENOMINATOR AS NUMBER(14,2))                                        AS MIN_DENOMINATOR,
    TYPICAL,
    CAST(ROUND(OPPORTUNITY_USD, 2) AS NUMBER(14,2))                              AS OPPORTUNITY_USD,
    ACTION,
    TRIGGERED
  FROM judged
  EXCEPT
  SELECT LOCATION_ID, RULE_ID, AS_OF_DAY, MEASURE, UNIT, VALUE, NUMERATOR, DENOMINATOR, TARGET, TARGET_SOURCE, DIRECTION, MIN_DENOMINATOR, TYPICAL, OPPORTUNITY_USD, ACTION, TRIGGERED
  FROM MARTS.RECOMMENDATIONS
) s
ON t.LOCATION_ID = s.LOCATION_ID AND t.RULE_ID = s.RULE_ID
WHEN MATCHED THEN UPDATE SET
  AS_OF_DAY = s.AS_OF_DAY, MEASURE = s.MEASURE, UNIT = s.UNIT, VALUE = s.VALUE, NUMERATOR = s.NUMERATOR, DENOMINATOR = s.DENOMINATOR,
  TARGET = s.TARGET, TARGET_SOURCE = s.TARGET_SOURCE, DIRECTION = s.DIRECTION, MIN_DENOMINATOR = s.MIN_DENOMINATOR, TYPICAL = s.TYPICAL,
  OPPORTUNITY_USD = s.OPPORTUNITY_USD, ACTION = s.ACTION, TRIGGERED = s.TRIGGERED, UPDATED_AT = CURRENT_TIMESTAMP()
WHEN NOT MATCHED THEN INSERT (LOCATION_ID, RULE_ID, AS_OF_DAY, MEASURE, UNIT, VALUE, NUMERATOR, DENOMINATOR, TARGET, TARGET_SOURCE, DIRECTION, MIN_DENOMINATOR, TYPICAL, OPPORTUNITY_USD, ACTION, TRIGGERED, UPDATED_AT)
  VALUES (s.LOCATION_ID, s.RULE_ID, s.AS_OF_DAY, s.MEASURE, s.UNIT, s.VALUE, s.NUMERATOR, s.DENOMINATOR, s.TARGET, s.TARGET_SOURCE, s.DIRECTION, s.MIN_DENOMINATOR, s.TYPICAL, s.OPPORTUNITY_USD, s.ACTION, s.TRIGGERED, CURRENT_TIMESTAMP());
