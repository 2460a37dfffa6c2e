import { dispatch } from './dispatch.js';

process.exitCode = await dispatch(process.argv[1], process.argv.slice(2));
