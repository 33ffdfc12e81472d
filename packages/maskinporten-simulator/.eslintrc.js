module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  testRules: {
    // expectError(), expectTokenError() and expectDigdirError() wrap several expect() calls.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expectError', 'expectTokenError', 'expectDigdirError'] },
    ],
  },
});
