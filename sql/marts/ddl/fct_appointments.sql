-- MARTS.FCT_APPOINTMENTS: one row per appointment, its current status and the flags the
-- scheduling KPIs count (no-shows, cancellations, booked minutes).
CREATE TABLE IF NOT EXISTS MARTS.FCT_APPOINTMENTS (
  APPOINTMENT_ID       VARCHAR NOT NULL,
  APPOINTMENT_DATE     DATE NOT NULL COMMENT 'day of the slot (location wall-clock time)',
  LOCATION_ID          VARCHAR NOT NULL,
  PATIENT_ID           VARCHAR NOT NULL,
  PROVIDER_ID          VARCHAR NOT NULL COMMENT 'doctor, or optician for dispensing visits',
  APPOINTMENT_TYPE     VARCHAR NOT NULL,
  STATUS               VARCHAR NOT NULL COMMENT 'scheduled | arrived | completed | no_show | cancelled | rescheduled',
  SCHEDULED_START      TIMESTAMP_NTZ NOT NULL,
  SCHEDULED_END        TIMESTAMP_NTZ NOT NULL,
  SLOT_MINUTES         NUMBER(5,0) NOT NULL,
  BOOKED_AT            TIMESTAMP_NTZ NOT NULL COMMENT 'when the appointment was made',
  LEAD_DAYS            NUMBER(5,0) NOT NULL COMMENT 'days from booking to the slot',
  CANCELLED_AT         TIMESTAMP_NTZ,
  IS_DOCTOR_VISIT      BOOLEAN NOT NULL COMMENT 'any type but dispensing: the visits scheduling KPIs count',
  IS_NEW_PATIENT       BOOLEAN NOT NULL,
  IS_KEPT              BOOLEAN NOT NULL COMMENT 'arrived or completed: the patient was seen',
  IS_NO_SHOW           BOOLEAN NOT NULL,
  IS_CANCELLED         BOOLEAN NOT NULL COMMENT 'cancelled or rescheduled: the slot was given up',
  IS_LATE_CANCELLATION BOOLEAN NOT NULL COMMENT 'given up less than 24 hours before the slot',
  IS_SLOT_BOOKED       BOOLEAN NOT NULL COMMENT 'the slot stays taken (not cancelled or rescheduled)',
  UPDATED_AT           TIMESTAMP_NTZ NOT NULL COMMENT 'version of the source record',
  PRIMARY KEY (APPOINTMENT_ID)
)
COMMENT = 'appointments with their current status';
