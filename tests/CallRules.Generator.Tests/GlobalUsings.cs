global using CallRules.TestSupport;
global using Xunit;
