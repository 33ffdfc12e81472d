module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  testRules: {
    // expectError() in the token tests wraps several expect() calls.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expectError'] },
    ],
  },
});
