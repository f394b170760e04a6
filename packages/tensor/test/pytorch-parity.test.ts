import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Generator, ones, randint, randn, tensor, zeros, type Tensor } from '../src';
import { CASES, crossEntropy } from './helpers/cases';
import { makemoreTrain } from './helpers/names';

interface Arr { shape: number[]; values: unknown }
interface Case {
  name: string; dtype: 'float32' | 'float64';
  inputs: Arr[]; intInputs: Arr[]; weight: Arr; output: Arr; grads: (unknown | null)[];
}
const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures/autograd.json'), 'utf8')) as {
  cases: Case[];
  makemore: {
    numTrain: number;
    kaiming: { step0: { ix: number[]; loss: number; gradNorms: number[]; gradW2Row0: number[] }; losses: number[] };
    batchnorm: { step0: { ix: number[]; loss: number; gradNorms: number[]; gradW2Row0: number[] }; losses: number[] };
  };
};

const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);

function expectClose(actual: Tensor | number[], expected: unknown, rtol: number, atol: number, what: string): void {
  const a = Array.isArray(actual) ? actual : Array.from(actual.toTypedArray());
  const e = flat(expected);
  expect(a.length, `${what}: element count`).toBe(e.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < e.length; i++) {
    const err = Math.abs(a[i] - e[i]) - (atol + rtol * Math.abs(e[i]));
    if (err > worst) [worst, at] = [err, i];
  }
  expect(at, `${what}: element ${at} is ${a[at]}, PyTorch has ${e[at]}`).toBe(-1);
}

describe('forward values and gradients match PyTorch 1.13', () => {
  for (const c of fixture.cases) {
    it(`${c.name} (${c.dtype})`, () => {
      const inputs = c.inputs.map((x) => tensor(flat(x.values), { dtype: c.dtype }).reshape(x.shape));
      inputs.forEach((t) => (t.requiresGrad = true));
      const ints = c.intInputs.map((x) => tensor(flat(x.values), { dtype: 'int32' }).reshape(x.shape));
      const out = CASES[c.name](inputs, ints);
      expect(out.shape).toEqual(c.output.shape);
      const [rtol, atol] = c.dtype === 'float64' ? [1e-10, 1e-12] : [2e-5, 2e-6];
      expectClose(out, c.output.values, rtol, atol, 'output');
      const w = tensor(flat(c.weight.values), { dtype: c.dtype }).reshape(c.weight.shape);
      out.mul(w).sum().backward();
      c.grads.forEach((g, i) => {
        if (g === null) expect(inputs[i].grad).toBeNull();
        else expectClose(inputs[i].grad!, g, rtol, atol, `grad of input ${i}`);
      });
    });
  }
});

describe("the seeds' makemore models, line by line", () => {
  const data = makemoreTrain();

  it('builds the same training split as Python (random.seed(42); random.shuffle)', () => {
    expect(data.X.shape).toEqual([fixture.makemore.numTrain, 3]);
    expect(data.words).toBe(32033);
  });

  for (const variant of ['kaiming', 'batchnorm'] as const) {
    it(`${variant}: step-0 loss, gradients and 10 SGD steps equal PyTorch's`, () => {
      const ref = fixture.makemore[variant];
      const g = new Generator().manualSeed(2147483647);
      const nEmbd = 10, nHidden = 200, vocab = 27, block = 3;
      const C = randn([vocab, nEmbd], { generator: g });
      const W1 = randn([nEmbd * block, nHidden], { generator: g }).mul(5 / 3).div((nEmbd * block) ** 0.5);
      const b1 = randn([nHidden], { generator: g }).mul(0.01);
      const W2 = randn([nHidden, vocab], { generator: g }).mul(0.01);
      const b2 = randn([vocab], { generator: g }).mul(0);
      const bngain = ones([1, nHidden]);
      const bnbias = zeros([1, nHidden]);
      const params = variant === 'kaiming' ? [C, W1, b1, W2, b2] : [C, W1, W2, b2, bngain, bnbias];
      for (const p of params) p.requiresGrad = true;
      const losses: number[] = [];
      for (let i = 0; i < 10; i++) {
        const ix = randint(0, data.X.shape[0], [32], { generator: g });
        const Xb = data.X.index(ix), Yb = data.Y.index(ix);
        const emb = C.index(Xb);
        const embcat = emb.view(emb.shape[0], -1);
        let hpreact: Tensor;
        if (variant === 'kaiming') hpreact = embcat.matmul(W1).add(b1);
        else {
          hpreact = embcat.matmul(W1);
          const bnmeani = hpreact.mean(0, { keepdim: true });
          const bnstdi = hpreact.std(0, { keepdim: true });
          hpreact = bngain.mul(hpreact.sub(bnmeani)).div(bnstdi).add(bnbias);
        }
        const h = hpreact.tanh();
        const logits = h.matmul(W2).add(b2);
        const loss = crossEntropy(logits, Yb);
        for (const p of params) p.grad = null;
        loss.backward();
        if (i === 0) {
          expect(Array.from(ix.toTypedArray())).toEqual(ref.step0.ix);
          expect(Math.abs(loss.item() - ref.step0.loss)).toBeLessThan(1e-5);
          expectClose(params.map((p) => Math.sqrt(p.grad!.double().square().sum().item())), ref.step0.gradNorms, 1e-4, 1e-7, 'gradient norms');
          expectClose(params[variant === 'kaiming' ? 3 : 2].grad!.narrow(0, 0, 1), ref.step0.gradW2Row0, 1e-4, 1e-7, 'W2.grad[0]');
        }
        losses.push(loss.item());
        for (const p of params) p.data.add_(p.grad!.mul(-0.1));
      }
      expectClose(losses, ref.losses, 1e-5, 0, 'losses of 10 SGD steps');
    });
  }
});
