import { Tensor, type DType, type Generator } from '@poise/tensor';
import { normal } from '@poise/init';
import { Module } from './module';
import { Parameter } from './parameter';
import { checkFeatures, emptyParameter } from './util';

export interface EmbeddingOptions {
  dtype?: DType;
  generator?: Generator;
}

/**
 * A lookup table: `forward(idx)` is `weight[idx]`, shape idx.shape + [embeddingDim]. Initialised N(0, 1)
 * as in PyTorch (the seeds' `C = torch.randn((vocab_size, n_embd))` is the same draw).
 */
export class Embedding extends Module {
  weight: Parameter;

  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, opts: EmbeddingOptions = {}) {
    super();
    checkFeatures('Embedding', { numEmbeddings, embeddingDim });
    this.weight = emptyParameter([numEmbeddings, embeddingDim], opts.dtype ?? 'float32');
    normal(this.weight, 0, 1, { generator: opts.generator });
  }

  override forward(indices: Tensor): Tensor {
    if (!(indices instanceof Tensor) || indices.dtype !== 'int32') {
      throw new TypeError(`Embedding: indices must be an int32 tensor${indices instanceof Tensor ? `, got ${indices.dtype}` : ''}`);
    }
    return this.weight.index(indices);
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}`;
  }
}
