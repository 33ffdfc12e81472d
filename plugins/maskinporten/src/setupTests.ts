import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Budgets, not assertions: a cold MUI render takes seconds on a two-core CI machine.
configure({ asyncUtilTimeout: 5_000 });
jest.setTimeout(30_000);
