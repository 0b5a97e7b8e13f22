export * from './channels';
export * from './envelope';
export * from './methods';
export * from './wire';
export * from './runs';
export * from './bench';
export * from './repeat';
export * from './pushes';
