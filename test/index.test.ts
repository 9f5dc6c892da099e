import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as platypus from '../src/index.js';

/** The public API, pinned: adding or removing an export is a decision, made here on purpose. */
const EXPORTS = [
  'CIFAR10_CLASSES', 'CIFAR_PIXELS', 'CIFAR_RECORD', 'CIFAR_SIDE', 'cifarSet', 'parseCifarBatch', 'parseCifarClassNames',
  'LINEAR_KINDS', 'createLinearModel',
  'Conv2D', 'MaxPool2D', 'windowAxis', 'DEFAULT_CNN', 'LAYER_SPEC_SYNTAX', 'formatLayerSpecs', 'parseLayerSpecs',
  'hiddenLayers', 'layerStack', 'stackWeightCount',
  'ACTIVATION_NAMES', 'ADAM_EPSILON', 'Activation', 'ActivityRegularization', 'Adam', 'BATCH_NORM_EPSILON',
  'BatchNorm', 'CLASS_COLORS', 'DataError', 'Dense', 'DenseFeatures', 'Dropout', 'FASHION_MNIST_CLASSES', 'Flatten',
  'GENERATORS', 'INIT_NAMES', 'LEAKY_RELU_ALPHA', 'LOG_EPSILON', 'LinearModel', 'LinearRegression',
  'LogisticRegression', 'MAX_CLASSES', 'MAX_GUNZIP_BYTES', 'MAX_IMAGE_PIXELS', 'MAX_LINE_CHARS', 'MIN_STD',
  'MNIST_CLASSES', 'MODEL_FORMAT', 'MODEL_VERSION', 'MiniBatches', 'ModelError', 'Momentum', 'NeuralNetwork',
  'NumericError', 'OPTIMIZER_NAMES', 'PREDICT_BATCH', 'PREDICT_BATCH_IMAGES', 'PROBABILITY_SUM_TOLERANCE', 'Perceptron', 'PlatypusError',
  'RMSPROP_EPSILON', 'Rmsprop', 'Rng', 'RowSubset', 'Scratch', 'Sequential', 'Sgd', 'ShapeError',
  'SoftmaxClassifier', 'Tensor', 'UsageError', 'YIELD_EVERY_MS', 'accuracyScore', 'activationByName',
  'activeKernels', 'add', 'addRowVector', 'addWeightPenaltyGradient', 'allFinite', 'allRows', 'allocate',
  'argmaxRows', 'axpy', 'binaryCounts', 'binaryLogLoss', 'binaryTargets', 'blit', 'blobs', 'categoricalLogLoss',
  'checkGradients', 'circles', 'classColor', 'classCounts', 'classificationReport', 'clippedLog', 'confusionMatrix',
  'createOptimizer', 'createRaster', 'crossEntropyCases', 'dataBounds', 'decisionPicture', 'decodeBase64',
  'decodeGray', 'decodeUtf8', 'diverging', 'drawDot', 'drawPoints', 'dtypeOf', 'encodeBase64', 'evaluateLoss',
  'exampleImage', 'f1Score', 'fit', 'fitAsync', 'fitStandardizer', 'formatClassificationReport',
  'formatConfusionMatrix', 'formatShape', 'gatherRows', 'gaussians', 'generatorNames', 'gradientSamples', 'gunzip',
  'heatmap', 'imagesAndLabels', 'initialize', 'ink', 'isGzip', 'jsKernels', 'kernelsFor', 'leakyReluActivation',
  'line', 'linear', 'linearActivation', 'linearModelNodes', 'logSumExpRows', 'makeGenerated', 'map', 'matmul',
  'mean', 'meanAbsoluteError', 'meanSquaredError', 'meanSquaredErrorLoss', 'mul', 'multilayerPerceptron',
  'networkNodes', 'nodePictures', 'normalizer', 'oneHot', 'outputProbabilities', 'parseBookWeights',
  'parseDelimited', 'parseIdx', 'parseModelFile', 'perClassPrecisionRecallFscore', 'perceptronLoss', 'planeGrid',
  'precisionRecallCurve', 'precisionRecallFscoreSupport', 'precisionScore', 'prepareDigit', 'r2Score', 'recallScore',
  'relu', 'reluActivation', 'resolvePenalty', 'scale', 'scoresFromCounts', 'sequential', 'serializeModel',
  'setPixel', 'sigmoid', 'sigmoidActivation', 'sigmoidLogLoss', 'sizeOf', 'sliceRows', 'softmaxCrossEntropyLoss',
  'softmaxCrossEntropySteps', 'softmaxRows', 'softplus', 'spiral', 'splitIndices', 'standardizerFrom', 'sub',
  'subset', 'sum', 'sumRows', 'tanhActivation', 'thresholdSweep', 'tile', 'toClassIndices', 'toPixel',
  'trainTestSplit', 'transpose', 'useKernels', 'weightImages', 'weightPenalty', 'xor',
  'ONNX_INPUT', 'ONNX_IR_VERSION', 'ONNX_OPSET', 'decodeOnnxModel', 'encodeOnnxModel', 'exportOnnx', 'onnxModel',
];

test('the public exports are exactly the pinned list', () => {
  assert.deepEqual(Object.keys(platypus).sort(), [...EXPORTS].sort());
});

test('importing the library runs nothing: no kernels loaded, the portable loops active', () => {
  assert.equal(platypus.activeKernels().name, 'js');
});
