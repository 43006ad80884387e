export * from './types';
export * from './text';
export * from './parseResult';
export * from './appContext';
