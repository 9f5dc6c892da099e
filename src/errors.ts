/**
 * Errors a user can act on. Each carries a stable `code` so the CLI can map it to an exit code
 * and print one line instead of a stack trace.
 */
export class PlatypusError extends Error {
  constructor(
    message: string,
    readonly code: 'shape' | 'data' | 'usage' | 'model' | 'numeric' | 'state',
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Tensors whose shapes do not fit an operation, e.g. `matmul: [256,785] x [784,100]: inner dimensions differ`. */
export class ShapeError extends PlatypusError {
  constructor(message: string) {
    super(message, 'shape');
  }
}

/** Input data that cannot be used: names the source and, where known, the line or byte offset. */
export class DataError extends PlatypusError {
  constructor(
    message: string,
    readonly source?: string,
    readonly line?: number,
    readonly byteOffset?: number,
  ) {
    super(DataError.describe(message, source, line, byteOffset), 'data');
  }

  private static describe(message: string, source?: string, line?: number, byteOffset?: number): string {
    if (source === undefined) return message;
    const where = line !== undefined ? `:${line}` : byteOffset !== undefined ? ` (byte ${byteOffset})` : '';
    return `${source}${where}: ${message}`;
  }
}

/** A bad argument or option: names the argument. */
export class UsageError extends PlatypusError {
  constructor(message: string) {
    super(message, 'usage');
  }
}

/** A model file or model object that cannot be used (unfitted, corrupt, unknown version). */
export class ModelError extends PlatypusError {
  constructor(message: string) {
    super(message, 'model');
  }
}

/** Training produced NaN or Infinity; the message ends with a hint. */
export class NumericError extends PlatypusError {
  constructor(message: string) {
    super(message, 'numeric');
  }
}
