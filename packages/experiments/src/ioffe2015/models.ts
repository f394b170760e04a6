/**
 * The two networks of the study, with and without batch norm. BN goes between each linear map (or
 * convolution) and its nonlinearity, as the paper places it (section 3.2: BN(Wu), the bias dropped because
 * the batch mean subtracts it).
 */
import { Generator, noGrad, randn } from '@poise/tensor';
import { Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential, Sigmoid, type Module } from '@poise/nn';
import { BatchNorm1d, BatchNorm2d } from '@poise/norm';

/**
 * Figure 1's network: 784 inputs, 3 fully connected hidden layers of `hidden` sigmoid units, 10 logits
 * (softmax and cross-entropy in the loss). Weights N(0, initStd²) ("small random Gaussian values"), biases 0.
 * Layer names: '0' Flatten, then per hidden layer Linear, [BatchNorm1d], Sigmoid.
 */
export function figure1Mlp(bn: boolean, g: Generator, opts: { hidden: number; initStd: number }): Sequential {
  const layers: Module[] = [new Flatten()];
  let fanIn = 28 * 28;
  const linears: Linear[] = [];
  for (let i = 0; i < 3; i++) {
    const linear = new Linear(fanIn, opts.hidden, { bias: !bn, generator: g });
    linears.push(linear);
    layers.push(linear);
    if (bn) layers.push(new BatchNorm1d(opts.hidden));
    layers.push(new Sigmoid());
    fanIn = opts.hidden;
  }
  const out = new Linear(fanIn, 10, { generator: g });
  linears.push(out);
  layers.push(out);
  noGrad(() => {
    for (const l of linears) {
      l.weight.copy_(randn(l.weight.shape, { generator: g }).mul(opts.initStd));
      l.bias?.zero_();
    }
  });
  return new Sequential(...layers);
}

/** The dotted name of the last hidden layer's Sigmoid: the layer whose input Figure 1(b, c) follows. */
export function lastSigmoidName(model: Sequential): string {
  let name: string | undefined;
  for (const [n, m] of model.namedModules()) if (m instanceof Sigmoid) name = n;
  if (name === undefined) throw new RangeError('ioffe2015: the model has no Sigmoid layer');
  return name;
}

export type Activation = 'relu' | 'sigmoid';

/**
 * The small conv net of the learning-rate study: two 5x5 convolutions ([BN], activation, 2x2 max pool),
 * then a linear map of the 4x4 feature maps to 10 logits. PyTorch's default init (Kaiming uniform, a = √5).
 */
export function smallConvNet(bn: boolean, activation: Activation, g: Generator, channels: [number, number]): Sequential {
  const [c1, c2] = channels;
  const act = (): Module => (activation === 'relu' ? new ReLU() : new Sigmoid());
  return new Sequential(
    new Conv2d(1, c1, 5, { bias: !bn, generator: g }), ...(bn ? [new BatchNorm2d(c1)] : []), act(), new MaxPool2d(2),
    new Conv2d(c1, c2, 5, { bias: !bn, generator: g }), ...(bn ? [new BatchNorm2d(c2)] : []), act(), new MaxPool2d(2),
    new Flatten(), new Linear(c2 * 4 * 4, 10, { generator: g }),
  );
}
