// What an image or stylesheet that a frontend package imports is under jest: its file name, as a bundler would give a URL.
module.exports = 'asset-stub';
