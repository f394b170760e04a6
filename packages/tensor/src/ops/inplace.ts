/**
 * In-place updates (`add_`, `sub_`, `mul_`, `div_`, `zero_`, `copy_`, `fill_`), the tools of optimizers.
 * They write into the tensor's storage and bump its version counter, so a saved tensor that changed under
 * the autograd graph is reported at backward time. Outside `noGrad` they refuse tensors that are part of a
 * graph, as PyTorch refuses leaves that require grad.
 */
import { isGradEnabled, noGrad } from '../autograd/grad-mode';
import { isFloat, type DType } from '../dtype';
import { broadcastShapes, fmtShape, shapesEqual } from '../shape';
import { Tensor } from '../tensor';
import { broadcastView, scalarTensor } from './core';
import type { Operand } from './elementwise';

function checkGraph(op: string, target: Tensor, other?: Operand): void {
  if (!isGradEnabled()) return;
  if (target.requiresGrad && target.isLeaf) {
    throw new Error(`${op}: a leaf tensor that requires grad is being used in an in-place operation; wrap the update in noGrad(() => ...) or use .data`);
  }
  if (target.requiresGrad) {
    throw new Error(`${op}: in-place operations on tensors that are part of the autograd graph are not supported; use the out-of-place form (e.g. ${op.replace(/_$/, '')})`);
  }
  if (other instanceof Tensor && other.requiresGrad) {
    throw new Error(`${op}: the argument requires grad, but in-place operations are not recorded by autograd; use the out-of-place form or detach() it`);
  }
}

/** PyTorch's `canCast`: no float -> integer and no number -> bool in place. */
function checkCast(op: string, from: DType, to: DType): void {
  if ((isFloat(from) && !isFloat(to)) || (from !== 'bool' && to === 'bool')) {
    throw new TypeError(`${op}: result type ${from} can't be cast to the desired output type ${to}`);
  }
}

/** Writes `value` (broadcast to the target's shape) into `target` and bumps its version. */
export function writeInto(target: Tensor, value: Tensor): Tensor {
  const backend = target.storage.backend;
  if (value.storage.backend !== backend) throw new TypeError(`copy_: source is on backend ${value.storage.backend.name}, target on ${backend.name}`);
  const src = value.dtype === target.dtype || target.dtype !== 'bool' ? value : value.ne(0);
  backend.copyInto(target, broadcastView(src, target.shape));
  target.storage.version++;
  return target;
}

function updateInPlace(op: string, target: Tensor, other: Operand, compute: (t: Tensor) => Tensor): Tensor {
  checkGraph(op, target, other);
  const result = noGrad(() => compute(target.detach()));
  if (!shapesEqual(result.shape, target.shape)) {
    throw new RangeError(`${op}: output with shape ${fmtShape(target.shape)} doesn't match the broadcast shape ${fmtShape(result.shape)}`);
  }
  checkCast(op, result.dtype, target.dtype);
  return writeInto(target, result);
}

export function addInPlace(target: Tensor, other: Operand, alpha = 1): Tensor {
  return updateInPlace('add_', target, other, (t) => t.add(alpha === 1 || !(other instanceof Tensor) ? other : other.mul(alpha)));
}

export function subInPlace(target: Tensor, other: Operand): Tensor {
  return updateInPlace('sub_', target, other, (t) => t.sub(other));
}

export function mulInPlace(target: Tensor, other: Operand): Tensor {
  return updateInPlace('mul_', target, other, (t) => t.mul(other));
}

export function divInPlace(target: Tensor, other: Operand): Tensor {
  return updateInPlace('div_', target, other, (t) => t.div(other));
}

export function copyInPlace(target: Tensor, src: Tensor): Tensor {
  if (!(src instanceof Tensor)) throw new TypeError('copy_: source must be a Tensor');
  checkGraph('copy_', target, src);
  broadcastShapes(target.shape, src.shape, 'copy_');
  const b = broadcastView(src, target.shape);
  if (!shapesEqual(b.shape, target.shape)) {
    throw new RangeError(`copy_: source of shape ${fmtShape(src.shape)} cannot be broadcast to the target shape ${fmtShape(target.shape)}`);
  }
  return writeInto(target, src.detach());
}

export function fillInPlace(target: Tensor, value: number | boolean): Tensor {
  if (typeof value !== 'number' && typeof value !== 'boolean') throw new TypeError(`fill_: value must be a number, got ${typeof value}`);
  checkGraph('fill_', target);
  return writeInto(target, scalarTensor(Number(value), target.dtype, target.storage.backend));
}

export function zeroInPlace(target: Tensor): Tensor {
  return fillInPlace(target, 0);
}
