import type { LabeledSet } from '../../data/dataset.js';
import { dataBounds, planeGrid } from '../../inspect/grid.js';
import { exampleImage, weightImages } from '../../inspect/imagePictures.js';
import type { NodeFunction } from '../../inspect/nodes.js';
import { decisionPicture, nodePictures, outputProbabilities } from '../../inspect/planePictures.js';
import { type Raster, tile } from '../../inspect/raster.js';
import { type FeatureMaps, featureMaps, firstFilters } from '../../inspect/featureMaps.js';
import type { NeuralNetwork } from '../../models/neuralNetwork.js';
import { classificationReport } from '../../metrics/classification-report.js';
import { confusionMatrix } from '../../metrics/confusion-matrix.js';
import { formatClassificationReport } from '../../metrics/format-classification-report.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { EpochRecord } from '../../train/history.js';
import { type CurvePoint, confusionSpec, curveSpec, renderSvg } from './charts.js';
import type { Figure, Report, ReportSection } from './writeReport.js';

/** What a training run leaves to draw. */
export interface TrainingRun {
  title: string;
  summary: [string, string][];
  history: readonly EpochRecord[];
  trainSet: LabeledSet;
  /** the set the confusion matrix and misclassified examples come from (test, else train) */
  evaluationSet: LabeledSet;
  /** predicted classes on evaluationSet (classifiers only) */
  predictions?: Int32Array;
  classNames?: readonly string[];
  /** every node's output for inputs (for plane pictures) */
  nodes?: NodeFunction;
  /** first-layer weights [inputs, units] (for image pictures) */
  firstLayerWeights?: Tensor;
  /** a convolutional network's first filters and the feature maps of one example (see convolutionPictures) */
  filters?: Raster[];
  featureMaps?: FeatureMaps[];
  /** the row of evaluationSet the feature maps are of */
  featureMapsRow?: number;
  /** how inputs are prepared before the nodes see them, e.g. standardization: the plane is drawn in raw units */
  classifier: boolean;
}

/** Pixels per side of a plane picture's grid, and how much each grid cell is enlarged. */
const GRID = 100;
const NODE_GRID = 50;
const MAX_MISCLASSIFIED = 32;

function curvePoints(history: readonly EpochRecord[], measure: 'loss' | 'accuracy'): CurvePoint[] {
  const points: CurvePoint[] = [];
  // Long runs (the book's 20000 epochs) are thinned to ~500 points per curve.
  const step = Math.max(1, Math.floor(history.length / 500));
  history.forEach((r, i) => {
    if (i % step !== 0 && i !== history.length - 1) return;
    const train = measure === 'loss' ? r.loss : r.accuracy;
    const validation = measure === 'loss' ? r.validationLoss : r.validationAccuracy;
    if (train !== undefined) points.push({ run: 'run', epoch: r.epoch, split: 'train', value: train });
    if (validation !== undefined) points.push({ run: 'run', epoch: r.epoch, split: 'validation', value: validation });
  });
  return points;
}

async function curveSection(history: readonly EpochRecord[]): Promise<ReportSection> {
  const figures: Figure[] = [];
  const loss = curvePoints(history, 'loss');
  if (loss.length > 0) {
    const logY = loss.every((p) => p.value > 0) && Math.max(...loss.map((p) => p.value)) / Math.min(...loss.map((p) => p.value)) > 100;
    figures.push({ kind: 'svg', file: 'loss.svg', svg: await renderSvg(curveSpec(loss, 'loss', { logY })), caption: `Loss per epoch${logY ? ' (log scale)' : ''}.` });
  }
  const accuracy = curvePoints(history, 'accuracy');
  if (accuracy.length > 0) {
    figures.push({ kind: 'svg', file: 'accuracy.svg', svg: await renderSvg(curveSpec(accuracy, 'accuracy')), caption: 'Accuracy per epoch (training accuracy is the running count over each epoch’s batches).' });
  }
  return { heading: 'Training curves', figures };
}

async function confusionSection(run: TrainingRun): Promise<ReportSection | undefined> {
  if (!run.predictions) return undefined;
  const set = run.evaluationSet;
  const classes = Math.max(2, run.classNames?.length ?? 0, ...Array.from(set.targets, (t) => t + 1), ...Array.from(run.predictions, (p) => p + 1));
  const cm = confusionMatrix(set.targets, run.predictions, { numClasses: classes });
  const names = cm.labels.map((l) => run.classNames?.[l] ?? String(l));
  const report = classificationReport(set.targets, run.predictions, { numClasses: classes, classNames: names });
  return {
    heading: `Confusion matrix on ${set.source}`,
    text: 'Rows are the true classes, columns the predicted ones: the diagonal counts the right answers.',
    figures: [{ kind: 'svg', file: 'confusion-matrix.svg', svg: await renderSvg(confusionSpec(cm.matrix, names)), caption: `${set.features.rows} examples.` }],
    pre: formatClassificationReport(report, { digits: 3 }),
  };
}

function planeSections(run: TrainingRun): ReportSection[] {
  if (!run.nodes || run.trainSet.features.cols !== 2) return [];
  const bounds = dataBounds(run.trainSet.features);
  const sections: ReportSection[] = [];
  if (run.classifier) {
    const grid = planeGrid(bounds, GRID);
    sections.push({
      heading: 'Decision boundary',
      text: 'Each pixel is coloured by the class the model predicts there, paler where it is unsure; the dots are the training points in the colour of their true class.',
      figures: [{ kind: 'png', file: 'decision-boundary.png', raster: decisionPicture(outputProbabilities(run.nodes, grid), grid, run.trainSet, 3), caption: `${run.trainSet.source}: ${run.trainSet.featureNames.join(' (x) and ')} (y).`, display: 300 }],
    });
  }
  const grid = planeGrid(bounds, NODE_GRID);
  const pictures = nodePictures(run.nodes, grid, 2);
  sections.push({
    heading: 'What every node computes',
    text: 'Each picture is one node’s output over the same input plane: blue where it is high, orange where it is low, white in between (0.5 for sigmoid and softmax nodes, 0 otherwise). Later layers combine the earlier pictures into the decision boundary.',
    figures: pictures.map((p) => ({
      kind: 'png',
      file: `node-${p.layer.replace(/\W+/g, '-')}-${p.node + 1}.png`,
      raster: p.raster,
      caption: `${p.layer}, node ${p.node + 1} (${p.activation})`,
      display: 120,
    })),
  });
  return sections;
}

function imageSections(run: TrainingRun): ReportSection[] {
  const shape = run.trainSet.imageShape;
  if (!shape) return [];
  const [h, w] = shape;
  const sections: ReportSection[] = [];
  if (run.firstLayerWeights && run.firstLayerWeights.shape[0] === h * w) {
    const images = weightImages(run.firstLayerWeights, h, w, 3);
    const shown = images.slice(0, 100);
    sections.push({
      heading: 'First-layer weights as images',
      text: 'Each image is one unit’s weights over the pixels: blue pixels push its output up, orange ones down. A softmax classifier has one unit per class, so each image is a template of its class.',
      figures: shown.map((raster, u) => ({ kind: 'png', file: `weights-${u + 1}.png`, raster, caption: run.firstLayerWeights!.shape[1] === run.classNames?.length ? run.classNames[u]! : `unit ${u + 1}`, display: 84 })),
    });
    if (images.length > 1) sections[0]!.figures.unshift({ kind: 'png', file: 'weights-all.png', raster: tile(shown, 10), caption: 'All of them together.', display: Math.min(840, tile(shown, 10).width) });
  }
  if (run.predictions) {
    const set = run.evaluationSet;
    const figures: Figure[] = [];
    for (let i = 0; i < set.features.rows && figures.length < MAX_MISCLASSIFIED; i++) {
      const truth = set.targets[i]!;
      const predicted = run.predictions[i]!;
      if (truth === predicted) continue;
      const name = (k: number): string => run.classNames?.[k] ?? String(k);
      figures.push({ kind: 'png', file: `misclassified-${figures.length + 1}.png`, raster: exampleImage(set.features, i, h, w, 3), caption: `#${i}: ${name(truth)} → ${name(predicted)}`, display: 84 });
    }
    if (figures.length > 0) sections.push({ heading: 'Misclassified examples', text: `The first ${figures.length} examples of ${set.source} the model gets wrong: true class → predicted class.`, figures });
  }
  return sections;
}

/** The first convolution's filters and what every image layer makes of the first example of `set`. */
export function convolutionPictures(model: NeuralNetwork, set: LabeledSet): Pick<TrainingRun, 'filters' | 'featureMaps' | 'featureMapsRow'> {
  if (set.features.rows === 0) return {};
  return { filters: firstFilters(model), featureMaps: featureMaps(model, set.features, 0), featureMapsRow: 0 };
}

function convolutionSections(run: TrainingRun): ReportSection[] {
  const sections: ReportSection[] = [];
  if (run.filters && run.filters.length > 0) {
    sections.push({
      heading: 'First convolution’s filters',
      text: 'Each picture is one filter’s weights (summed over colour channels): the filter responds where the image looks like it — blue weights want bright pixels, orange ones dark.',
      figures: [{ kind: 'png', file: 'filters.png', raster: tile(run.filters, 16, 4), caption: `${run.filters.length} filters`, display: Math.min(840, tile(run.filters, 16, 4).width) }],
    });
  }
  const maps = run.featureMaps ?? [];
  if (maps.length > 0) {
    const name = (k: number): string => run.classNames?.[k] ?? String(k);
    const row = run.featureMapsRow ?? 0;
    sections.push({
      heading: 'What the convolutions see',
      text: `Example #${row} of ${run.evaluationSet.source} (${name(run.evaluationSet.targets[row]!)}) as each image layer turns it into feature maps, one picture per channel: dark where the channel responds. Early maps trace edges and strokes; after pooling they shrink and respond to larger parts.`,
      figures: maps.map((m, i) => ({ kind: 'png', file: `feature-maps-${i + 1}.png`, raster: tile(m.maps, 8, 3), caption: m.layer, display: Math.min(840, tile(m.maps, 8, 3).width) })),
    });
  }
  return sections;
}

/** Everything worth seeing about a training run, as a report. */
export async function trainingReport(run: TrainingRun): Promise<Report> {
  const sections: ReportSection[] = [await curveSection(run.history)];
  const confusion = await confusionSection(run);
  if (confusion) sections.push(confusion);
  sections.push(...planeSections(run), ...imageSections(run), ...convolutionSections(run));
  return { title: run.title, summary: run.summary, sections };
}
