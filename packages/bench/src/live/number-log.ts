// A growing list of numbers in one Float64Array: 1,000 stream clients each keep every event id they
// received, and typed arrays hold them outside the JavaScript heap at 8 bytes apiece.
export class NumberLog {
  private data = new Float64Array(64);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}
