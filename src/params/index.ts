/**
 * `screenpop/params`: build and read the `Data=` parameter of a popped page.
 * (Filled in by the params work; see issue 3.)
 * @module
 */
export {};
