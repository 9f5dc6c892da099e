/** The playground's entry point: the only module that runs on load. */
import { startImageLab } from './image/imageLab.js';
import { startLab } from './lab.js';
import { pageUrl } from './pageUrl.js';

const url = pageUrl();
startLab(url);
startImageLab(url);
