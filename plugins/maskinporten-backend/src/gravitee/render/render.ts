import {
  GraviteeDefinition,
  GraviteeRenderInput,
  GraviteeRenderOptions,
  GraviteeV2Definition,
  GraviteeV4ImportDefinition,
} from '../types';
import { renderV2 } from './renderV2';
import { renderV4 } from './renderV4';
import { resolveRenderSettings } from './settings';

/**
 * Renders a Maskinporten token service for Gravitee: the Sikt template's design, with every
 * value that template leaves to hand-editing derived from the integration. Throws an
 * `InputError` naming the field when the input or options cannot give a correct definition.
 */
export function renderGraviteeDefinition(
  input: GraviteeRenderInput,
  options: GraviteeRenderOptions & { format: 'v2' },
): GraviteeV2Definition;
export function renderGraviteeDefinition(
  input: GraviteeRenderInput,
  options: GraviteeRenderOptions & { format: 'v4' },
): GraviteeV4ImportDefinition;
export function renderGraviteeDefinition(
  input: GraviteeRenderInput,
  options: GraviteeRenderOptions,
): GraviteeDefinition;
export function renderGraviteeDefinition(
  input: GraviteeRenderInput,
  options: GraviteeRenderOptions,
): GraviteeDefinition {
  const settings = resolveRenderSettings(input, options);
  return options.format === 'v2' ? renderV2(settings) : renderV4(settings);
}
