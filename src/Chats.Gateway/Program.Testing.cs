// Lets WebApplicationFactory<Program> in the tests find the entry point.
public partial class Program;
