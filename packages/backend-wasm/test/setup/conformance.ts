/**
 * Selects the backend the conformance project runs @poise/tensor's own test files on
 * (POISE_BACKEND = 'wasm' | 'auto'), before any test file creates a tensor.
 */
import { useWasm } from '../../src';

const mode = process.env.POISE_BACKEND;
if (mode !== 'wasm' && mode !== 'auto') throw new Error(`conformance setup: POISE_BACKEND must be 'wasm' or 'auto', got ${String(mode)}`);
// Top-level await (vitest runs setup files as ES modules) so tensors made while test files are collected
// are already on the chosen backend; tsc checks this package as CommonJS, hence the directive.
// @ts-ignore TS1378
await useWasm({ backend: mode });
