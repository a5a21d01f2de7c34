/** How to run the MongoDB suites on a machine without MongoDB, for skip and failure messages. */
export const MONGODB_HOW_TO =
  'Point it at MongoDB (MONGODB_URI=mongodb://127.0.0.1:27017 npm test), or build FerretDB with ' +
  'scripts/install-ferretdb.sh (needs Go) and run bash .ci/run, which starts it and runs every suite.';
