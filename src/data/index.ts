// The data layer's public surface: parse → validate → typed rows, with clear errors.
export * from './errors';
export * from './lines';
export * from './schema';
export * from './parse';
export * from './qrels';
