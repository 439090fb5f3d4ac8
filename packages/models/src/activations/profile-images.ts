/**
 * The real photographs activation statistics are measured on: files that Debian packages install (so CI can
 * get them with apt, no network download of datasets). Paths are absolute, as the packages install them.
 */

export interface ProfileImage {
  /** The Debian package (bookworm) that installs the file. */
  readonly debianPackage: string;
  readonly path: string;
  readonly description: string;
}

const SKLEARN = '/usr/lib/python3/dist-packages/sklearn/datasets/images';
const SKIMAGE = '/usr/lib/python3/dist-packages/skimage/data';

export const PROFILE_IMAGES: readonly ProfileImage[] = [
  {
    debianPackage: 'python3-sklearn',
    path: `${SKLEARN}/china.jpg`,
    description: 'Chinese palace building, color',
  },
  {
    debianPackage: 'python3-sklearn',
    path: `${SKLEARN}/flower.jpg`,
    description: 'flower close-up, color',
  },
  {
    debianPackage: 'python3-skimage',
    path: `${SKIMAGE}/astronaut.png`,
    description: 'astronaut portrait (NASA), color',
  },
  { debianPackage: 'python3-skimage', path: `${SKIMAGE}/chelsea.png`, description: 'a cat, color' },
  { debianPackage: 'python3-skimage', path: `${SKIMAGE}/coffee.png`, description: 'a cup of coffee, color' },
  {
    debianPackage: 'python3-skimage',
    path: `${SKIMAGE}/motorcycle_left.png`,
    description: 'motorcycle (stereo left view), color',
  },
  { debianPackage: 'python3-skimage', path: `${SKIMAGE}/rocket.jpg`, description: 'rocket launch, color' },
  {
    debianPackage: 'python3-skimage',
    path: `${SKIMAGE}/hubble_deep_field.jpg`,
    description: 'Hubble deep field, color',
  },
  {
    debianPackage: 'python3-skimage',
    path: `${SKIMAGE}/retina.jpg`,
    description: 'retina fundus photograph, color',
  },
  {
    debianPackage: 'python3-skimage',
    path: `${SKIMAGE}/camera.png`,
    description: 'cameraman, grayscale (replicated to RGB)',
  },
  { debianPackage: 'python3-skimage', path: `${SKIMAGE}/grass.png`, description: 'grass texture, grayscale' },
  {
    debianPackage: 'python3-skimage',
    path: `${SKIMAGE}/gravel.png`,
    description: 'gravel texture, grayscale',
  },
];

/** The image used by tests that need one real photograph (the smaller package, python3-sklearn). */
export const TEST_IMAGE: ProfileImage = PROFILE_IMAGES[0]!;
