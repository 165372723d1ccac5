import fc from 'fast-check';
import { SnowflakeError } from '../../../local/engine/errors';
import { CronSchedule, cronMatches, nextCronTime, parseSchedule } from '../../../local/tasks/schedule';

const cron = (text: string): CronSchedule => parseSchedule(`USING CRON ${text}`) as CronSchedule;

describe('cron schedules', () => {
  // America/Chicago is UTC-6 in January (CST) and UTC-5 in July (CDT).
  test.each([
    ['Monday 06:00 CST', '2025-01-06T12:00:00Z', true],
    ['Monday 06:00:59 CST (same minute)', '2025-01-06T12:00:59Z', true],
    ['Monday 05:00 CST', '2025-01-06T11:00:00Z', false],
    ['Monday 06:01 CST', '2025-01-06T12:01:00Z', false],
    ['Friday 06:00 CST', '2025-01-10T12:00:00Z', true],
    ['Saturday 06:00 CST', '2025-01-11T12:00:00Z', false],
    ['Sunday 06:00 CST', '2025-01-12T12:00:00Z', false],
    ['Monday 06:00 CDT', '2025-07-07T11:00:00Z', true],
    ['Monday 07:00 CDT', '2025-07-07T12:00:00Z', false],
  ])("'0 6 * * 1-5 America/Chicago' at %s: %s", (_what, instant, expected) => {
    expect(cronMatches(cron('0 6 * * 1-5 America/Chicago'), new Date(instant))).toBe(expected);
  });

  test.each([
    ['*/15 9-17 * JAN,JUL MON-FRI UTC', '2025-07-15T17:45:00Z', true],
    ['*/15 9-17 * JAN,JUL MON-FRI UTC', '2025-07-15T17:50:00Z', false],
    ['*/15 9-17 * JAN,JUL MON-FRI UTC', '2025-08-15T12:00:00Z', false],
    ['5/20 * * * * UTC', '2025-01-01T00:45:00Z', true],
    ['5/20 * * * * UTC', '2025-01-01T00:40:00Z', false],
    ['0 0 * * 7 UTC', '2025-01-05T00:00:00Z', true],
    // Both day fields restricted: either matching is enough (standard cron).
    ['0 0 1 * MON UTC', '2025-02-01T00:00:00Z', true],
    ['0 0 1 * MON UTC', '2025-02-03T00:00:00Z', true],
    ['0 0 1 * MON UTC', '2025-02-04T00:00:00Z', false],
    // Only day of month restricted: the weekday does not widen it.
    ['0 0 1 * * UTC', '2025-02-03T00:00:00Z', false],
  ])("'%s' at %s: %s", (expression, instant, expected) => {
    expect(cronMatches(cron(expression), new Date(instant))).toBe(expected);
  });

  test.each([
    [
      'the next weekday tick after Friday 06:00 CST is Monday',
      '0 6 * * 1-5 America/Chicago',
      '2025-01-10T12:00:00Z',
      '2025-01-13T12:00:00.000Z',
    ],
    [
      'across the spring DST change the wall-clock hour holds',
      '0 6 * * * America/Chicago',
      '2025-03-08T12:00:00Z',
      '2025-03-09T11:00:00.000Z',
    ],
    [
      'a minute inside the skipped DST hour waits a day',
      '30 2 * * * America/Chicago',
      '2025-03-08T09:00:00Z',
      '2025-03-10T07:30:00.000Z',
    ],
    ['a yearly schedule', '0 0 1 1 * UTC', '2025-01-01T00:00:00Z', '2026-01-01T00:00:00.000Z'],
    ['the next minute of an every-minute schedule', '* * * * * UTC', '2025-01-01T00:00:30Z', '2025-01-01T00:01:00.000Z'],
  ])('nextCronTime: %s', (_what, expression, after, expected) => {
    expect(nextCronTime(cron(expression), new Date(after))?.toISOString()).toBe(expected);
  });

  test('nextCronTime gives up on dates that never come', () => {
    expect(nextCronTime(cron('0 0 31 2 * UTC'), new Date('2025-01-01T00:00:00Z'))).toBeUndefined();
  });

  test('in UTC, m h * * * matches exactly the instants with that minute and hour, and the next tick matches', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 23 }),
        fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }),
        (minute, hour, instant) => {
          const schedule = cron(`${minute} ${hour} * * * UTC`);
          expect(cronMatches(schedule, instant)).toBe(instant.getUTCMinutes() === minute && instant.getUTCHours() === hour);
          const next = nextCronTime(schedule, instant) as Date;
          expect(next.getTime()).toBeGreaterThan(instant.getTime());
          expect(next.getTime() - instant.getTime()).toBeLessThanOrEqual(24 * 3_600_000);
          expect([next.getUTCHours(), next.getUTCMinutes(), next.getUTCSeconds()]).toEqual([hour, minute, 0]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('parseSchedule', () => {
  test.each([
    ['5 MINUTE', 300],
    ['1 minutes', 60],
    ['15M', 900],
    ['2 HOURS', 7200],
    ['90 SECONDS', 90],
  ])("'%s' is an interval of %i seconds", (text, seconds) => {
    expect(parseSchedule(text)).toEqual({ kind: 'interval', text, seconds });
  });

  test.each([
    ['USING CRON 0 6 * * 1-5 Mars/Olympus', /unknown time zone 'Mars\/Olympus'/],
    ['USING CRON 0 6 * * 1-5', /needs five fields and a time zone \(got 5 parts\)/],
    [
      'USING CRON 0 6 L * * UTC',
      /day of month field 'L' uses 'L' \(L, W, # and \? are not supported locally; list the days instead\)/,
    ],
    ['USING CRON 0 6 * * 5#2 UTC', /day of week field '5#2' uses '5#2'/],
    ['USING CRON 0 6 * * 1;2 UTC', /day of week field '1;2' is not supported \(use \*, numbers, names/],
    ['USING CRON 61 * * * * UTC', /minute value '61' is out of range \(allowed 0-59\)/],
    ['USING CRON 0 0 * FOO * UTC', /month value 'FOO' is out of range \(allowed 1-12 or JAN-DEC\)/],
    ['USING CRON 0 9-5 * * * UTC', /hour range '9-5' runs backwards/],
    ['USING CRON */0 * * * * UTC', /minute step must be at least 1/],
    ['0 MINUTE', /between 1 second and 11520 minutes/],
    ['11521 MINUTE', /between 1 second and 11520 minutes/],
    ['daily', /not an interval or a cron schedule/],
  ])("rejects '%s'", (text, message) => {
    expect(() => parseSchedule(text)).toThrow(SnowflakeError);
    expect(() => parseSchedule(text)).toThrow(message);
  });
});
