/**
 * Prints the run's totals as one plain line (`tests: N passed, N failed, N skipped`) as the very
 * last output, after jest's own summary, so tools that read closing lines understand the result.
 */
const fs = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`;
    process.once('exit', () => fs.writeSync(1, line));
  }
}
module.exports = SummaryReporter;
