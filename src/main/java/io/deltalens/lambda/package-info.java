/**
 * The AWS Lambda handler for landing ingest ({@link io.deltalens.lambda.LandingHandler}): S3 event
 * notifications in, one commit per table out. It uses nothing but the public API, as the command line does.
 */
package io.deltalens.lambda;
