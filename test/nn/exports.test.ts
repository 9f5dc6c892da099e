import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as nn from '../../src/nn/index.js';
import * as optim from '../../src/optim/index.js';

test('the nn module exports exactly this API', () => {
  assert.deepEqual(Object.keys(nn).sort(), [
    'ACTIVATION_NAMES', 'Activation', 'ActivityRegularization', 'BATCH_NORM_EPSILON', 'BatchNorm', 'Conv2D', 'DEFAULT_CNN',
    'Dense', 'Dropout', 'Flatten', 'INIT_NAMES', 'LAYER_SPEC_SYNTAX', 'LEAKY_RELU_ALPHA', 'MaxPool2D', 'PREDICT_BATCH', 'PREDICT_BATCH_IMAGES',
    'Scratch', 'Sequential', 'activationByName', 'addWeightPenaltyGradient', 'formatLayerSpecs', 'hiddenLayers',
    'initialize', 'layerStack', 'leakyReluActivation', 'linearActivation', 'meanSquaredErrorLoss', 'multilayerPerceptron', 'parseLayerSpecs',
    'perceptronLoss', 'reluActivation', 'resolvePenalty', 'sigmoidActivation', 'sigmoidLogLoss', 'softmaxCrossEntropyLoss', 'stackWeightCount',
    'tanhActivation', 'weightPenalty', 'windowAxis',
  ]);
});

test('the optim module exports exactly this API', () => {
  assert.deepEqual(Object.keys(optim).sort(), ['ADAM_EPSILON', 'Adam', 'Momentum', 'OPTIMIZER_NAMES', 'RMSPROP_EPSILON', 'Rmsprop', 'Sgd', 'createOptimizer']);
});
