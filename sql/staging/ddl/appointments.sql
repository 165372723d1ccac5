-- STAGING.STG_PMS__APPOINTMENTS: Scheduled visits: exported when booked, and again when cancelled, completed or missed.
-- One row per business key (appointment_id), the version with the greatest updated_at.
-- Typed from the all-VARCHAR RAW columns; text trimmed, empty text is NULL, codes lower-case (APPOINTMENT_TYPE, STATUS).
-- PHI stays in its own columns (NOTES) so masking policies attach per column.
CREATE TABLE IF NOT EXISTS STAGING.STG_PMS__APPOINTMENTS (
  APPOINTMENT_ID   VARCHAR NOT NULL COMMENT 'Appointment id.',
  PATIENT_ID       VARCHAR COMMENT 'Patient.',
  LOCATION_ID      VARCHAR COMMENT 'Location of the visit.',
  PROVIDER_ID      VARCHAR COMMENT 'Doctor, or optician for dispensing visits.',
  APPOINTMENT_TYPE VARCHAR COMMENT 'Visit type.',
  SCHEDULED_START  TIMESTAMP_NTZ COMMENT 'Slot start, location wall-clock time.',
  SCHEDULED_END    TIMESTAMP_NTZ COMMENT 'Slot end, location wall-clock time.',
  STATUS           VARCHAR COMMENT 'Status as of updated_at.',
  IS_NEW_PATIENT   BOOLEAN COMMENT 'First visit of the patient at the practice.',
  CREATED_AT       TIMESTAMP_NTZ COMMENT 'When the appointment was booked.',
  CANCELLED_AT     TIMESTAMP_NTZ COMMENT 'When the patient cancelled or rescheduled.',
  NOTES            VARCHAR COMMENT 'PHI (free_text): Front desk notes.',
  UPDATED_AT       TIMESTAMP_NTZ NOT NULL COMMENT 'When this version of the record was written; the greatest wins.',
  _SOURCE_FILE     VARCHAR NOT NULL COMMENT 'staged file the winning version came from',
  _SOURCE_ROW      NUMBER(18,0) NOT NULL COMMENT 'row of that file',
  _LOADED_AT       TIMESTAMP_NTZ NOT NULL COMMENT 'when COPY INTO loaded that row',
  _STAGED_AT       TIMESTAMP_NTZ NOT NULL COMMENT 'when this row was last written by the staging task',
  PRIMARY KEY (APPOINTMENT_ID)
)
COMMENT = 'pms appointments, typed and deduplicated from RAW.APPOINTMENTS';
