import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as nn from '../../src/nn/index.js';
import * as optim from '../../src/optim/index.js';

test('the nn module exports exactly this API', () => {
  assert.deepEqual(Object.keys(nn).sort(), [
    'ACTIVATION_NAMES', 'Activation', 'ActivityRegularization', 'BATCH_NORM_EPSILON', 'BatchNorm', 'Dense', 'Dropout', 'Flatten',
    'INIT_NAMES', 'LEAKY_RELU_ALPHA', 'PREDICT_BATCH', 'Scratch', 'Sequential', 'activationByName', 'addWeightPenaltyGradient',
    'initialize', 'leakyReluActivation', 'linearActivation', 'meanSquaredErrorLoss', 'multilayerPerceptron', 'perceptronLoss',
    'reluActivation', 'resolvePenalty', 'sigmoidActivation', 'sigmoidLogLoss', 'softmaxCrossEntropyLoss', 'tanhActivation',
    'weightPenalty',
  ]);
});

test('the optim module exports exactly this API', () => {
  assert.deepEqual(Object.keys(optim).sort(), ['ADAM_EPSILON', 'Adam', 'Momentum', 'OPTIMIZER_NAMES', 'RMSPROP_EPSILON', 'Rmsprop', 'Sgd', 'createOptimizer']);
});
