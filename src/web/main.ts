/** The playground's entry point: the only module that runs on load. */
import { startImageLab } from './image/imageLab.js';
import { startLab } from './lab.js';

startLab();
startImageLab();
