// The attack table's numbers and addresses: each row its own, so no row meets another.

/** Requests in flight at once in a row's flood. */
export const CONCURRENCY = 32;

/**
 * A Singapore mobile number for row `row`, index `i` (< 1,000,000): +65 8<row><6 digits>.
 * The behaviour suite's numbers start with 9, so the two never meet.
 */
export const number = (row, i) => `+658${row}${String(i).padStart(6, "0")}`;
/** A distinct IPv4 address per (row, i), i < 65,536. */
export const ipv4 = (row, i) => `100.${64 + row}.${(i >> 8) & 255}.${i & 255}`;
