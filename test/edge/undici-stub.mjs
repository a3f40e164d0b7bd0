// Stands in for undici in the edge bundle: any use of it is a failure of the edge test.
throw new Error('undici was imported in an edge runtime');
