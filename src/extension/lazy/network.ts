// The second bundle, dist/network.js: the HTTP and git ports, whose libraries (axios, simple-git) are
// most of the code and are needed only once the user connects to DE4 or converts an app.
export { AxiosHttpClient } from '../../node/axiosHttpClient';
export { SimpleGitRunner } from '../../node/simpleGitRunner';
