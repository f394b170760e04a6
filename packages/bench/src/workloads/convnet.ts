/**
 * A small deep conv net: 10 conv layers (3x3, padding 1, 16 channels, ReLU) on 28x28 single-channel images,
 * batch 32, then global average pooling and a linear classifier; cross-entropy, plain SGD. poise runs NCHW
 * (PyTorch's layout), tfjs-layers NHWC (the only layout its WASM conv supports): the same model and arithmetic.
 */
import { Generator, randint, randn } from '@poise/tensor';
import { AdaptiveAvgPool2d, Conv2d, Flatten, Linear, ReLU, Sequential, type Module } from '@poise/nn';
import { registerConv2dFilterGrad, tf, tfl, tfjsModelStep } from '../peers/tfjs';
import { poiseModelStep } from './poise-step';
import type { Step, Workload } from './types';

export const CONVNET = { layers: 10, channels: 16, size: 28, batch: 32, inChannels: 1, classes: 10, lr: 0.01 };

export function poiseConvnet(g = new Generator().manualSeed(0), cfg = CONVNET): Sequential {
  const mods: Module[] = [];
  let c = cfg.inChannels;
  for (let i = 0; i < cfg.layers; i++) {
    mods.push(new Conv2d(c, cfg.channels, 3, { padding: 1, generator: g }), new ReLU());
    c = cfg.channels;
  }
  mods.push(new AdaptiveAvgPool2d(1), new Flatten(), new Linear(cfg.channels, cfg.classes, { generator: g }));
  return new Sequential(...mods);
}

export function convnetStep(cfg = CONVNET): Step {
  const g = new Generator().manualSeed(0);
  const model = poiseConvnet(g, cfg);
  const x = randn([cfg.batch, cfg.inChannels, cfg.size, cfg.size], { generator: g });
  const y = randint(0, cfg.classes, [cfg.batch], { generator: g });
  return poiseModelStep(model, x, y, cfg.lr);
}

export function tfjsConvnet(cfg = CONVNET): tfl.Sequential {
  const model = tfl.sequential();
  for (let i = 0; i < cfg.layers; i++) {
    model.add(tfl.layers.conv2d({
      filters: cfg.channels, kernelSize: 3, padding: 'same', activation: 'relu',
      ...(i === 0 ? { inputShape: [cfg.size, cfg.size, cfg.inChannels] } : {}),
    }));
  }
  model.add(tfl.layers.globalAveragePooling2d({}));
  model.add(tfl.layers.dense({ units: cfg.classes }));
  return model;
}

export function convnetTfjsStep(cfg = CONVNET): Step {
  registerConv2dFilterGrad();
  const model = tfjsConvnet(cfg);
  const x = tf.randomNormal([cfg.batch, cfg.size, cfg.size, cfg.inChannels]);
  const labels = Int32Array.from({ length: cfg.batch }, (_, i) => (i * 7) % cfg.classes);
  return { step: tfjsModelStep(model, x, labels, cfg.classes, cfg.lr) };
}

export const convnetWorkload: Workload = {
  id: 'convnet',
  title: 'deep conv net step (10x16ch, 28x28, b32)',
  torch: { kind: 'convnet', args: { layers: CONVNET.layers, channels: CONVNET.channels, size: CONVNET.size, batch: CONVNET.batch, in_channels: CONVNET.inChannels, classes: CONVNET.classes, lr: CONVNET.lr } },
  targets: [{ kind: 'ratio', peer: 'tfjs', max: 0.67 }],
  poise: () => convnetStep(),
  tfjs: () => convnetTfjsStep(),
};
