// Written by wparchive export (Eleventy 2 or later): the collections the templates list, and no
// template language in the posts (a post about {{ templates }} shows them as written).
module.exports = function (eleventyConfig) {
  const wordpress = (api, glob) => api.getFilteredByGlob(glob).filter((item) => item.data.wp_id !== undefined);
  eleventyConfig.addCollection("wordpressPosts", (api) =>
    wordpress(api, "./posts/*.md").filter((item) => !item.data.draft).sort((a, b) => b.date - a.date));
  eleventyConfig.addCollection("wordpressPages", (api) =>
    wordpress(api, "./*.md").filter((item) => !item.data.draft).sort((a, b) => (a.data.title > b.data.title ? 1 : -1)));
  // Each old address (redirect_from) becomes a page that sends the reader to the post's new one.
  eleventyConfig.addCollection("wordpressRedirects", (api) =>
    api.getAll().filter((item) => item.url).flatMap((item) =>
      (item.data.redirect_from || []).map((from) => ({
        to: item.url,
        output: from.endsWith("/") ? `${from}index.html` : from,
      }))));
  return { markdownTemplateEngine: false, htmlTemplateEngine: "njk", dir: { input: ".", includes: "_includes", data: "_data" } };
};
