// The packed package's client, for driving the proxy as a browser app would.
import { verify } from "../client/harness.mjs";

export const { VerifyClient } = verify;
