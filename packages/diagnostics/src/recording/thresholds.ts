/**
 * The numbers behind the recorders' definitions and the report's verdicts, each with where it comes from.
 * Where a number is our own choice rather than a published one, the comment says so and why.
 */

/**
 * A tanh unit is saturated where |tanh(x)| > 0.99: the seeds' `plt.imshow(h.abs() > 0.99)` and Karpathy's
 * makemore part 3 ("Activations & Gradients, BatchNorm"). There tanh'(x) = 1 - h^2 < 0.02, so the unit
 * passes back less than 2% of the gradient it receives.
 */
export const TANH_SATURATION = 0.99;

/**
 * A sigmoid unit is saturated outside [0.01, 0.99]: the same margin on sigmoid's (0, 1) range. There
 * sigmoid'(x) = s(1 - s) < 0.0099, under 4% of its peak of 0.25.
 */
export const SIGMOID_SATURATION: readonly [number, number] = [0.01, 0.99];

/**
 * Saturation above 5% of a tanh/sigmoid layer's outputs is a warning. Karpathy (makemore part 3) sets the
 * tanh gain to 5/3 and reads the layers' saturation at "roughly 5%" as healthy; the seeds' Kaiming-scaled
 * MLP starts at 8.1% (PyTorch, step 0), a little above it.
 */
export const SATURATION_WARNING = 0.05;

/**
 * Saturation above 25% is a problem (our threshold, not a published one): a quarter of the units pass
 * back almost no gradient. It sits between Karpathy's healthy ~5% and the seeds' unscaled init, whose tanh
 * layer starts 61% saturated (PyTorch, step 0: 3,901 of 6,400 values).
 */
export const SATURATION_PROBLEM = 0.25;

/**
 * Any dead unit is a warning. Karpathy (makemore part 3): a column that is white on every example of the
 * saturation map is a dead neuron, one that "will never learn" (its gradient is zero for every input). A
 * ReLU unit that is never active over the batch is dead in the same sense. Over a small batch a rarely
 * active unit can look dead, hence a warning rather than a problem.
 */
export const DEAD_UNITS_WARNING = 0;

/**
 * Dead units in more than 10% of a layer are a problem (our threshold): a tenth of the layer's capacity
 * no longer trains. He et al. (2015) motivate Kaiming init and PReLU by rectifier units that stop learning.
 */
export const DEAD_UNITS_PROBLEM = 0.1;

/**
 * Vanishing or exploding gradients: a layer whose output-gradient std is more than 10x below (above) that
 * of the layer of the same type nearest the loss. He et al. (2015, Sec. 2.2) show that a mis-scaled init
 * multiplies the backward signal by the same factor at every layer, so the ratio grows geometrically with
 * depth. The factor 10 (one decade) is our threshold: Kaiming-initialized ReLU MLPs stay well inside it
 * (within 2x at depth 30 in this package's tests), Xavier-initialized ones (2^-1/2 per layer) cross it
 * after about 7 layers.
 */
export const GRADIENT_RATIO_LIMIT = 10;

/** The same test on the forward signal: activation std more than 10x below (above) the first layer's of the type. */
export const ACTIVATION_RATIO_LIMIT = 10;

/**
 * The depth tests above need at least 3 layers of a type: a trend needs depth, and with two layers the
 * ratio mostly reflects deliberate choices (the seeds scale their output layer by 0.01, which makes the
 * gradient at the hidden Linear layer's output about 30x smaller than at the logits at step 0, 1.8e-4
 * against 5.9e-3, and that is fine).
 */
export const MIN_LAYERS_FOR_DEPTH_VERDICT = 3;

/**
 * The update:data ratio, log10(std(update) / std(data)), should be around -3. Karpathy (makemore part 3):
 * updates of about 1e-3 of the values, "roughly -3 on this log plot"; far below, the parameters learn too
 * slowly; far above, they churn.
 */
export const UPDATE_RATIO_TARGET_LOG10 = -3;

/**
 * How far from -3 the ratio may be before it is a warning: one decade (our threshold), so a weight is
 * flagged below 1e-4 or above 1e-2. Early steps are often outside it and settle towards -3 (in Karpathy's
 * plot the output layer, scaled down at init, starts well above); read the curve, not one step.
 */
export const UPDATE_RATIO_TOLERANCE_LOG10 = 1;
