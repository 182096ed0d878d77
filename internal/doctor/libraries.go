package doctor

// nativeLib is a Java library that unpacks a .so at run time and
// System.load()s it: a noexec directory fails with UnsatisfiedLinkError
// "failed to map segment from shared object".
type nativeLib struct {
	ID, Name string
	// Props are the -D properties that move the directory, in the order the
	// library consults them. Env is an environment variable doing the same.
	Props []string
	Env   string
	// PropIsFile: the properties name the library file to load, not a
	// directory to unpack into; the file's directory is what is checked.
	PropIsFile bool
	// Defaults are where it unpacks when nothing is set: the first that is
	// writable (or can be created), else the last. In each, "~/" is
	// user.home, ${java.io.tmpdir} is java.io.tmpdir and <user> the JVM's
	// user; the report names the default by this text. None means
	// java.io.tmpdir itself.
	Defaults []string
	Remedy   string
}

// nativeLibs: relocation knobs as read in each project's loader source.
var nativeLibs = []nativeLib{
	{ID: "snappy", Name: "snappy-java", Props: []string{"org.xerial.snappy.tempdir"}, Remedy: "-Dorg.xerial.snappy.tempdir=<dir>"},
	{ID: "netty", Name: "Netty native transports / tcnative", Props: []string{"io.netty.native.workdir", "io.netty.tmpdir"},
		Remedy: "-Dio.netty.native.workdir=<dir>"},
	{ID: "zstd", Name: "zstd-jni", Props: []string{"ZstdTempFolder"}, Remedy: "-DZstdTempFolder=<dir>"},
	{ID: "sqlite", Name: "sqlite-jdbc", Props: []string{"org.sqlite.tmpdir"}, Remedy: "-Dorg.sqlite.tmpdir=<dir>"},
	{ID: "rocksdb", Name: "RocksDB JNI", Env: "ROCKSDB_SHAREDLIB_DIR", Remedy: "environment ROCKSDB_SHAREDLIB_DIR=<dir>"},
	{ID: "jffi", Name: "jffi / jnr-ffi (JRuby)", Props: []string{"jffi.extract.dir"}, Remedy: "-Djffi.extract.dir=<dir>"},
	// Loader.getCacheDir: ~/.javacpp/cache, else ${java.io.tmpdir}/.javacpp-<user>/cache.
	{ID: "javacpp", Name: "JavaCPP (bytedeco)", Props: []string{"org.bytedeco.javacpp.cachedir", "org.bytedeco.javacpp.cacheDir"},
		Defaults: []string{"~/.javacpp/cache", "${java.io.tmpdir}/.javacpp-<user>/cache"},
		Remedy:   "-Dorg.bytedeco.javacpp.cachedir=<dir>"},
	{ID: "conscrypt", Name: "Conscrypt", Props: []string{"org.conscrypt.native.workdir", "org.conscrypt.tmpdir"},
		Remedy: "-Dorg.conscrypt.native.workdir=<dir>"},
	{ID: "lz4", Name: "lz4-java",
		Remedy: "-Djava.io.tmpdir=<dir> (lz4-java has no own knob), or install liblz4-java.so on java.library.path"},
	// brotli4j.library.path is the libbrotli.so to System.load, not a dir.
	{ID: "brotli4j", Name: "brotli4j", Props: []string{"brotli4j.library.path"}, PropIsFile: true,
		Remedy: "-Dbrotli4j.library.path=<installed libbrotli.so> or -Djava.io.tmpdir=<dir>"},
}
