export type { ForwardOptions, Json, Layer, LayerConfig } from './layer.js';
export {
  ACTIVATION_NAMES,
  LEAKY_RELU_ALPHA,
  activationByName,
  leakyReluActivation,
  linearActivation,
  reluActivation,
  sigmoidActivation,
  tanhActivation,
} from './activations.js';
export type { ActivationFunction, ActivationName } from './activations.js';
export { Activation } from './activation.js';
export type { ActivationOptions } from './activation.js';
export { Dense } from './dense.js';
export type { DenseOptions } from './dense.js';
export { Dropout } from './dropout.js';
export type { DropoutOptions } from './dropout.js';
export { BATCH_NORM_EPSILON, BatchNorm } from './batchNorm.js';
export type { BatchNormOptions } from './batchNorm.js';
export { Flatten } from './flatten.js';
export { ActivityRegularization } from './activityRegularization.js';
export { addWeightPenaltyGradient, resolvePenalty, weightPenalty } from './regularizers.js';
export type { Penalty } from './regularizers.js';
export { INIT_NAMES, initialize } from './init.js';
export type { InitName } from './init.js';
export { meanSquaredErrorLoss, perceptronLoss, sigmoidLogLoss, softmaxCrossEntropyLoss } from './losses.js';
export type { Loss } from './losses.js';
export { PREDICT_BATCH, PREDICT_BATCH_IMAGES, Sequential } from './sequential.js';
export type { LayerActivations, PredictOptions, SequentialOptions } from './sequential.js';
export { multilayerPerceptron } from './build.js';
export type { MultilayerOptions } from './build.js';
export { Scratch } from './scratch.js';
export { Conv2D } from './conv2d.js';
export type { Conv2DOptions } from './conv2d.js';
export { MaxPool2D } from './maxPool2d.js';
export type { MaxPool2DOptions } from './maxPool2d.js';
export { windowAxis } from './convShape.js';
export type { ImageShape, Padding, Pads } from './convShape.js';
export { DEFAULT_CNN, LAYER_SPEC_SYNTAX, formatLayerSpecs, parseLayerSpecs } from './layerSpec.js';
export type { LayerSpec } from './layerSpec.js';
export { hiddenLayers, layerStack, stackWeightCount } from './stack.js';
export type { LayerStackOptions } from './stack.js';
