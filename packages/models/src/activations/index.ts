/** Input-activation statistics of weight layers: measured for built-in models, and a documented default. */
export {
  DEFAULT_ACTIVATION_STATS_SOURCE,
  defaultLayerActivationStats,
  loadActivationStats,
  MEASURED_ACTIVATION_MODELS,
} from './loader.js';
