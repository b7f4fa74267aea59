/** Command-line tools and file formats for users checking their own exported models. */
package dev.pixelprivacy.dl4j.tools;
