// numjs and ndarray ship no typings (and @types/numjs rejects plain calls such as
// nj.array([1, 2], 'float32')): in the tests they are `any`, as they are in a tslab notebook.
declare module 'numjs';
declare module 'ndarray';
